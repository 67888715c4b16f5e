# Safe: the `backend` POST field only picks a key of NOTIFIER_BACKENDS; import_module receives one of the fixed dotted paths, never user text.
from importlib import import_module

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.http import require_POST

NOTIFIER_BACKENDS = {
    "email": "notifications.backends.email",
    "slack": "notifications.backends.slack",
    "sms": "notifications.backends.sms",
}


def get_backend(key: str):
    dotted = NOTIFIER_BACKENDS.get(key)
    if dotted is None:
        return None
    return import_module(dotted)


@require_POST
@permission_required("notifications.send_test")
def send_test_notification(request):
    backend = get_backend(request.POST.get("backend", ""))
    if backend is None:
        return HttpResponseBadRequest("unknown backend")
    result = backend.send(to=request.user.email, subject="Test", body="It works.")
    return JsonResponse({"sent": bool(result)})
