import json

from django.core import signing
from django.http import JsonResponse


def preferences(request):
    raw = request.COOKIES.get("prefs", "")
    prefs = signing.loads(raw)
    return JsonResponse(json.loads(json.dumps(prefs)))
