import requests
from django.http import JsonResponse


def test_webhook(request):
    endpoint = request.POST.get("endpoint")
    r = requests.post(endpoint, json={"event": "ping"}, timeout=3)
    return JsonResponse({"status": r.status_code})
