import json

from django.http import JsonResponse


def save_rule(request):
    rule = json.loads(request.body)
    return JsonResponse({"saved": rule.get("name")})
