# Safe: the {slug} path parameter must match ^[a-z0-9-]+$ and is placed after a fixed https://docs.example.com/ prefix, so the redirect host never changes.
import re

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse
from starlette.routing import Route

DOCS_BASE = "https://docs.example.com/en/stable/"
SLUG = re.compile(r"^[a-z0-9-]{1,80}$")


def docs_url(slug: str) -> str:
    if not SLUG.match(slug):
        raise HTTPException(status_code=404)
    return DOCS_BASE + slug + "/"


async def docs_redirect(request):
    return RedirectResponse(docs_url(request.path_params["slug"]), status_code=301)


app = Starlette(routes=[Route("/docs/{slug}", docs_redirect)])
