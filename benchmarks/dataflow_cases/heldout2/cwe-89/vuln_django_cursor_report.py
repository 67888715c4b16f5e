# Vulnerable: the `region` GET parameter is %-formatted into raw SQL passed to django.db.connection.cursor().execute() with no params argument.
from django.contrib.admin.views.decorators import staff_member_required
from django.db import connection
from django.http import JsonResponse

SALES_SQL = """
    SELECT date_trunc('month', o.created) AS month, SUM(o.total) AS revenue
    FROM shop_order o JOIN shop_customer c ON c.id = o.customer_id
    WHERE c.region = '%s' AND o.status = 'paid'
    GROUP BY 1 ORDER BY 1
"""


def dictfetchall(cursor):
    columns = [col[0] for col in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def monthly_sales(region):
    with connection.cursor() as cursor:
        cursor.execute(SALES_SQL % region)
        return dictfetchall(cursor)


@staff_member_required
def sales_report(request):
    region = request.GET.get("region", "EU")
    rows = monthly_sales(region)
    return JsonResponse({"region": region, "rows": rows}, json_dumps_params={"default": str})
