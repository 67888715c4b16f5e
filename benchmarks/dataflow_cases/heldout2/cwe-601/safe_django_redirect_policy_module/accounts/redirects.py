from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme

FALLBACK = "/"


def safe_target(request, candidate: str | None) -> str:
    allowed = {request.get_host(), *getattr(settings, "EXTRA_REDIRECT_HOSTS", ())}
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts=allowed, require_https=request.is_secure()):
        return candidate
    return FALLBACK
