# Vulnerable: the `q` search parameter is %-formatted into an HTML snippet wrapped in mark_safe and rendered into the template context without escaping.
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from .models import Article


def highlight_banner(term: str, total: int):
    return mark_safe('<div class="banner">%d results for <em>%s</em></div>' % (total, term))


@require_GET
def search(request):
    term = request.GET.get("q", "").strip()
    qs = Article.objects.filter(title__icontains=term).order_by("-published") if term else Article.objects.none()
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    context = {"page": page, "banner": highlight_banner(term, qs.count()), "term": term}
    return render(request, "articles/search.html", context)
