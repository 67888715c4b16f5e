# vuln: aiohttp request.query["tag"] is %-formatted into the SQL string awaited with conn.fetch() (asyncpg)
import asyncpg
from aiohttp import web

routes = web.RouteTableDef()


async def init_pool(app):
    app["pool"] = await asyncpg.create_pool(dsn="postgresql://example@localhost/example_blog")


def tag_query(tag):
    return "SELECT id, title FROM posts WHERE '%s' = ANY(tags) ORDER BY id DESC LIMIT 20" % tag


@routes.get("/posts")
async def posts_by_tag(request):
    tag = request.query.get("tag", "news")
    async with request.app["pool"].acquire() as conn:
        rows = await conn.fetch(tag_query(tag))
    return web.json_response([dict(r) for r in rows])


app = web.Application()
app.add_routes(routes)
app.on_startup.append(init_pool)
