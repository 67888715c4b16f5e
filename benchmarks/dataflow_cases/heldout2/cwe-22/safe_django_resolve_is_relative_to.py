# Safe: the requested document path is resolved and rejected with Http404 unless it stays inside DOCS_ROOT (Path.is_relative_to) before it is opened.
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

DOCS_ROOT = Path(getattr(settings, "DOCS_ROOT", "/srv/intranet/docs")).resolve()


def _resolve_inside(root: Path, relative: str) -> Path:
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root):
        raise Http404("document not found")
    if not candidate.is_file():
        raise Http404("document not found")
    return candidate


@login_required
@require_GET
def document(request: HttpRequest, doc_path: str):
    path = _resolve_inside(DOCS_ROOT, doc_path)
    return FileResponse(open(path, "rb"), filename=path.name)


@login_required
@require_GET
def document_preview(request: HttpRequest):
    path = _resolve_inside(DOCS_ROOT, request.GET.get("p", ""))
    with open(path, encoding="utf-8", errors="replace") as fh:
        head = fh.read(2048)
    return FileResponse(iter([head.encode()]), content_type="text/plain")
