from django.shortcuts import render
from django.utils.safestring import mark_safe


def notice(request):
    message = mark_safe("<strong>" + request.GET.get("msg", "") + "</strong>")
    return render(request, "notice.html", {"message": message})
