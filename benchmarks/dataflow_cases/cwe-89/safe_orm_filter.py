from django.http import JsonResponse

from .models import Customer


def customers(request):
    name = request.GET.get("name", "")
    rows = Customer.objects.filter(name__icontains=name).values("id", "name")
    return JsonResponse({"customers": list(rows)})
