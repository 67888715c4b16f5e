# vuln: request.GET["report"] is put into an f-string path and opened with open() in read_export()
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

EXPORT_ROOT = "/srv/example-exports"


def read_export(report, fmt):
    path = f"{EXPORT_ROOT}/{report}.{fmt}"
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise Http404("no such export")


@login_required
def export_view(request):
    report = request.GET["report"]
    fmt = "csv" if request.GET.get("fmt") != "json" else "json"
    data = read_export(report, fmt)
    response = HttpResponse(data, content_type="text/csv" if fmt == "csv" else "application/json")
    response["Content-Disposition"] = "attachment"
    return response
