# Safe: the `next` parameter is used only when url_has_allowed_host_and_scheme accepts it for this request's host (https required); else LOGIN_REDIRECT_URL.
from django.conf import settings
from django.contrib.auth import authenticate, login
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, candidate):
    if candidate and url_has_allowed_host_and_scheme(
        url=candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return settings.LOGIN_REDIRECT_URL


def login_view(request):
    next_url = request.POST.get("next") or request.GET.get("next")
    if request.method != "POST":
        return render(request, "accounts/login.html", {"next": next_url or ""})
    user = authenticate(request, username=request.POST.get("username"), password=request.POST.get("password"))
    if user is None:
        return render(request, "accounts/login.html", {"error": True, "next": next_url or ""}, status=401)
    login(request, user)
    return redirect(safe_next(request, next_url))
