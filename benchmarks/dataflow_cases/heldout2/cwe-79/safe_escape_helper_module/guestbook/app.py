from aiohttp import web

from guestbook import render

ENTRIES: list[tuple[str, str]] = []


async def show(request: web.Request) -> web.Response:
    notice = request.query.get("notice", "")
    items = [render.entry_html(a, m) for a, m in ENTRIES[-100:]]
    return web.Response(text=render.page(items, notice), content_type="text/html")


async def sign(request: web.Request) -> web.Response:
    form = await request.post()
    ENTRIES.append((str(form.get("author", "anon")), str(form.get("message", ""))))
    html = render.page([render.entry_html(*ENTRIES[-1])], notice="Thanks for signing, " + str(form.get("author", "")))
    return web.Response(text=html, content_type="text/html")


def create_app() -> web.Application:
    app = web.Application()
    app.add_routes([web.get("/", show), web.post("/sign", sign)])
    return app
