from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from .redirects import safe_target


@login_required
@require_POST
def switch_language(request):
    request.session["lang"] = request.POST.get("lang", "en")[:5]
    messages.info(request, "Language updated")
    return redirect(safe_target(request, request.POST.get("next")))


@login_required
def after_signup(request):
    target = safe_target(request, request.GET.get("continue"))
    return redirect(target)
