from django.db import connection
from django.http import JsonResponse

SORTABLE = {"name", "created", "price"}


def products(request):
    sort = request.GET.get("sort", "name")
    if sort not in SORTABLE:
        sort = "name"
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, name FROM catalog_product ORDER BY " + sort)
        return JsonResponse({"rows": cursor.fetchall()})
