# safe: page and per_page come from request.GET but go through int() and min/max before the LIMIT/OFFSET f-string
from django.db import connection
from django.http import HttpResponseBadRequest, JsonResponse

MAX_PAGE_SIZE = 50


def parse_page(request):
    try:
        page = int(request.GET.get("page", "1"))
        per_page = int(request.GET.get("per_page", "20"))
    except ValueError:
        return None
    return max(page, 1), min(max(per_page, 1), MAX_PAGE_SIZE)


def article_list(request):
    parsed = parse_page(request)
    if parsed is None:
        return HttpResponseBadRequest("bad paging")
    page, per_page = parsed
    offset = (page - 1) * per_page
    sql = f"SELECT id, title FROM blog_article ORDER BY published DESC LIMIT {per_page} OFFSET {offset}"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    return JsonResponse({"page": page, "articles": [{"id": i, "title": t} for i, t in rows]})
