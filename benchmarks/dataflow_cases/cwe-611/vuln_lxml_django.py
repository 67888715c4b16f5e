from django.http import JsonResponse
from lxml import etree


def sitemap_upload(request):
    doc = etree.fromstring(request.body)
    return JsonResponse({"urls": len(doc)})
