import shlex
import subprocess
from django.http import JsonResponse


def convert(request):
    src = shlex.quote(request.POST["filename"])
    out = subprocess.check_output(f"convert {src} -resize 50% /tmp/thumb.png", shell=True)
    return JsonResponse({"ok": True, "log": out.decode()})
