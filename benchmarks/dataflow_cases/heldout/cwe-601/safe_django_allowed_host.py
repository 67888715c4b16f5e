# safe: Django's url_has_allowed_host_and_scheme() validates the next URL; otherwise the constant LOGIN_REDIRECT_URL is used
from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def after_login(request):
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = settings.LOGIN_REDIRECT_URL
    return HttpResponseRedirect(next_url)
