from django.shortcuts import render

from .models import Employee


def directory(request):
    sort = request.GET.get("sort", "last_name")
    people = Employee.objects.raw("SELECT * FROM hr_employee ORDER BY " + sort)
    return render(request, "directory.html", {"people": people})
