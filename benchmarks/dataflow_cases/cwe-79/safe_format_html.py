from django.http import HttpResponse
from django.utils.html import format_html


def search(request):
    q = request.GET.get("q", "")
    return HttpResponse(format_html("<p>No results for <b>{}</b></p>", q))
