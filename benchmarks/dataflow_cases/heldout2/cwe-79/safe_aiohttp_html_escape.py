# Safe: the `msg` query parameter is passed through html.escape before being placed in the text/html response body.
import html

from aiohttp import web

TEMPLATE = """<!doctype html>
<html><body>
  <div class="flash">{message}</div>
  <form method="post" action="/subscribe"><input name="email"></form>
</body></html>"""


def render_flash(message: str) -> str:
    return TEMPLATE.format(message=html.escape(message, quote=True))


async def landing(request: web.Request) -> web.Response:
    msg = request.query.get("msg", "Subscribe to our newsletter")
    return web.Response(text=render_flash(msg), content_type="text/html")


async def subscribe(request: web.Request) -> web.Response:
    form = await request.post()
    raise web.HTTPFound(location="/?msg=Thanks")


def create_app() -> web.Application:
    app = web.Application()
    app.router.add_get("/", landing)
    app.router.add_post("/subscribe", subscribe)
    return app
