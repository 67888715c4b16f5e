# safe: the joined path is realpath()'d and must stay under MEDIA_ROOT (commonpath check) before it is opened
import os

from django.http import FileResponse, Http404, HttpResponseForbidden

MEDIA_ROOT = os.path.realpath("/srv/example-media")


def contained(user_path):
    candidate = os.path.realpath(os.path.join(MEDIA_ROOT, user_path))
    if os.path.commonpath([candidate, MEDIA_ROOT]) != MEDIA_ROOT:
        return None
    return candidate


def media_file(request):
    path = contained(request.GET.get("path", ""))
    if path is None:
        return HttpResponseForbidden("outside media root")
    if not os.path.isfile(path):
        raise Http404()
    return FileResponse(open(path, "rb"))
