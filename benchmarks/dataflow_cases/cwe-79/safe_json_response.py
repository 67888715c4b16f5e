from django.http import HttpResponse
import json


def api(request):
    data = {"q": request.GET.get("q", "")}
    return HttpResponse(json.dumps(data), content_type="application/json")
