# vuln: request.GET["value"] is int()-converted only when field == "age"; the else branch puts the raw string into the f-string run by cursor.execute
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET

NUMERIC_FIELDS = {"age", "score"}


def _fetch(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        cols = [c[0] for c in cursor.description]
        return [dict(zip(cols, row)) for row in cursor.fetchall()]


@require_GET
def member_filter(request):
    field = request.GET.get("field", "age")
    raw = request.GET["value"]
    if field in NUMERIC_FIELDS:
        value = int(raw)
        sql = f"SELECT id, nickname FROM members WHERE {field} = {value}"
    else:
        value = raw
        sql = f"SELECT id, nickname FROM members WHERE nickname = '{value}'"
    return JsonResponse({"members": _fetch(sql)})
