import base64
import pickle

from django.http import JsonResponse


def preferences(request):
    raw = request.COOKIES.get("prefs", "")
    prefs = pickle.loads(base64.b64decode(raw))
    return JsonResponse(prefs)
