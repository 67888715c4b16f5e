# safe: the action name only selects a constant argv list from COMMANDS (unknown names are rejected); no user text reaches the command
import subprocess

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponseBadRequest, JsonResponse

COMMANDS = {
    "disk": ["df", "-h"],
    "uptime": ["uptime"],
    "memory": ["free", "-m"],
}


@staff_member_required
def server_status(request):
    action = request.GET.get("action", "uptime")
    if action not in COMMANDS:
        return HttpResponseBadRequest("unknown action")
    output = subprocess.check_output(COMMANDS[action], text=True)
    return JsonResponse({"action": action, "output": output})
