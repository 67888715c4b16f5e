# Vulnerable: an uploaded product feed file is streamed through lxml.etree.iterparse with load_dtd and resolve_entities enabled (XXE).
import logging

from aiohttp import web
from lxml import etree

log = logging.getLogger("feeds")


def count_products(fileobj) -> tuple[int, list[str]]:
    count, titles = 0, []
    for _event, elem in etree.iterparse(fileobj, events=("end",), tag="product",
                                        load_dtd=True, resolve_entities=True, no_network=False):
        count += 1
        if len(titles) < 5:
            titles.append(elem.findtext("title") or "")
        elem.clear()
    return count, titles


async def upload_feed(request: web.Request) -> web.Response:
    form = await request.post()
    feed = form.get("feed")
    if not isinstance(feed, web.FileField):
        raise web.HTTPBadRequest(text="feed file required")
    count, sample = count_products(feed.file)
    log.info("feed %s: %d products", feed.filename, count)
    return web.json_response({"products": count, "sample": sample})


app = web.Application(client_max_size=100 * 1024 * 1024)
app.add_routes([web.post("/feeds", upload_feed)])
