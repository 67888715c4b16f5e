from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def go_back(request, target):
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=True):
        target = "/"
    response = HttpResponseRedirect(target)
    response["Cache-Control"] = "no-store"
    return response
