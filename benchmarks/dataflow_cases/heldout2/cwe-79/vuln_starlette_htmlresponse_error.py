# Vulnerable: the {slug} path parameter is echoed into an HTML 404 page built with an f-string and returned as an HTMLResponse.
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

PAGES = {"about": "<p>We make widgets.</p>", "contact": "<p>mail us at hello@example.com</p>"}


def not_found_page(slug: str) -> str:
    return f"""<html><body>
<h1>Page not found</h1>
<p>No page called <code>{slug}</code> exists. <a href="/">Back home</a></p>
</body></html>"""


async def page(request):
    slug = request.path_params["slug"]
    body = PAGES.get(slug)
    if body is None:
        return HTMLResponse(not_found_page(slug), status_code=404)
    return HTMLResponse(f"<html><body>{body}</body></html>")


async def health(request):
    return JSONResponse({"status": "ok"})


app = Starlette(routes=[Route("/health", health), Route("/p/{slug}", page)])
