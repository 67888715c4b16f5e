from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from importer import parsers


@csrf_exempt
def import_catalog(request):
    root = parsers.parse_catalog(request.body)
    return JsonResponse({"products": len(root.findall("product"))})
