# vuln: request.GET["q"] is formatted into an HTML string and marked safe with mark_safe() before rendering
from django.shortcuts import render
from django.utils.safestring import mark_safe

from .models import Article


def highlight(text, term):
    return text.replace(term, "<mark>%s</mark>" % term)


def search(request):
    q = request.GET.get("q", "")
    results = Article.objects.filter(title__icontains=q)[:20]
    summary = mark_safe("Results for <strong>%s</strong>: %d" % (q, len(results)))
    rows = [mark_safe(highlight(a.title, q)) for a in results]
    return render(request, "search.html", {"summary": summary, "rows": rows})
