import os

from django.http import Http404, HttpResponse

BASE = "/srv/reports"


def read_report(request):
    path = os.path.realpath(os.path.join(BASE, request.GET["report"]))
    if not path.startswith(BASE + os.sep):
        raise Http404()
    with open(path) as fh:
        return HttpResponse(fh.read(), content_type="text/plain")
