# Vulnerable: the `avatar_url` form field is fetched server-side with urllib.request.urlopen (any scheme, any host, including file:// and internal IPs).
import urllib.request

from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.http import JsonResponse
from django.views.decorators.http import require_POST

MAX_AVATAR = 2 * 1024 * 1024


def download(url: str) -> bytes:
    req = urllib.request.Request(url, headers={"User-Agent": "avatar-fetcher/1.0"})
    with urllib.request.urlopen(req, timeout=5) as resp:
        return resp.read(MAX_AVATAR + 1)


@login_required
@require_POST
def set_avatar_from_url(request):
    url = request.POST["avatar_url"]
    data = download(url)
    if len(data) > MAX_AVATAR:
        return JsonResponse({"error": "too large"}, status=413)
    request.user.profile.avatar.save(f"user-{request.user.pk}.img", ContentFile(data))
    return JsonResponse({"ok": True})
