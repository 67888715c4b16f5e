# safe: the only user value in the outbound URL is int()-converted; scheme and host are constants
import requests
from django.http import HttpResponseBadRequest, JsonResponse

INVENTORY_API = "https://inventory.example.internal"


def stock_level(request):
    try:
        sku_id = int(request.GET["sku"])
    except (KeyError, ValueError):
        return HttpResponseBadRequest("sku must be a number")
    resp = requests.get(f"{INVENTORY_API}/skus/{sku_id}/stock", timeout=2)
    return JsonResponse({"sku": sku_id, "stock": resp.json().get("available", 0)})
