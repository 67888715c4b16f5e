# vuln: the uploaded file request.FILES["feed"] is parsed by lxml.etree.parse with a DTD-loading, entity-resolving parser
from django.http import JsonResponse
from django.views.decorators.http import require_POST
from lxml import etree

FEED_PARSER = etree.XMLParser(load_dtd=True, resolve_entities=True, dtd_validation=False)


def product_names(fileobj):
    tree = etree.parse(fileobj, FEED_PARSER)
    return [el.text for el in tree.getroot().iter("name")]


@require_POST
def import_feed(request):
    names = product_names(request.FILES["feed"])
    return JsonResponse({"count": len(names), "sample": names[:3]})
