# safe: request.body is parsed with defusedxml.minidom.parseString, which forbids DTDs and entity expansion
from defusedxml.minidom import parseString
from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt


def extract_items(document):
    return [node.firstChild.nodeValue for node in document.getElementsByTagName("item") if node.firstChild]


@csrf_exempt
def soap_endpoint(request):
    if request.content_type not in ("text/xml", "application/xml"):
        return HttpResponseBadRequest("xml only")
    document = parseString(request.body)
    return JsonResponse({"items": extract_items(document)})
