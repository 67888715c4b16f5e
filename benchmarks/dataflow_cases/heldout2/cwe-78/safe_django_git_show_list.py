# Safe: the commit id from the URL must match a hex regex and is passed as one element of a list-form subprocess call without a shell.
import re
import subprocess

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.views import View

REPO_PATH = "/srv/git/website.git"
SHA_RE = re.compile(r"[0-9a-f]{7,40}")


def git(*args: str) -> str:
    proc = subprocess.run(["git", "--git-dir", REPO_PATH, *args], capture_output=True, text=True, timeout=15)
    if proc.returncode != 0:
        raise Http404("unknown revision")
    return proc.stdout


class CommitView(View):
    http_method_names = ["get"]

    def get(self, request, sha):
        if not SHA_RE.fullmatch(sha):
            return HttpResponseBadRequest("bad commit id")
        stat = git("show", "--stat", "--format=%H%n%an%n%s", sha)
        return HttpResponse(stat, content_type="text/plain; charset=utf-8")


class LogView(View):
    def get(self, request):
        limit = min(int(request.GET.get("n", "20")), 200)
        return HttpResponse(git("log", f"-{limit}", "--oneline"), content_type="text/plain")
