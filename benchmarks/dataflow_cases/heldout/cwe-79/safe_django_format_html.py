# safe: format_html() escapes its arguments; the view also uses django.utils.html.escape for the title attribute
from django.http import HttpResponse
from django.utils.html import escape, format_html


def badge(request):
    label = request.GET.get("label", "new")
    color = request.GET.get("color", "blue")
    title = escape(request.GET.get("title", ""))
    html = format_html('<span class="badge badge-{}" title="{}">{}</span>', color, title, label)
    return HttpResponse(html)
