from django.shortcuts import redirect
from django.urls import reverse


def created(request):
    slug = request.POST["slug"]
    return redirect(reverse("article-detail", kwargs={"slug": slug}))
