from django.http import HttpResponse


def read_report(request):
    report = request.GET["report"]
    with open("/srv/reports/" + report) as fh:
        return HttpResponse(fh.read(), content_type="text/plain")
