from django.contrib.auth import logout
from django.views.decorators.http import require_POST

from auth.util import go_back


@require_POST
def logout_view(request):
    logout(request)
    return go_back(request, request.POST.get("next", "/"))
