# Vulnerable: the `return_to` POST field is used as the HttpResponseRedirect target after logout with no host validation.
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

DEFAULT_AFTER_LOGOUT = "/"


def after_logout_url(request) -> str:
    return request.POST.get("return_to") or request.GET.get("return_to") or DEFAULT_AFTER_LOGOUT


@csrf_protect
@require_POST
def logout_view(request):
    destination = after_logout_url(request)
    logout(request)
    response = HttpResponseRedirect(destination)
    response.delete_cookie("remember_me")
    return response
