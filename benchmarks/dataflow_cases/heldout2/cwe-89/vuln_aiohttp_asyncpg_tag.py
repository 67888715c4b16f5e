# Vulnerable: the {tag} path segment is concatenated into a SQL string run with asyncpg's pool.fetch, with no $1 placeholder.
import asyncpg
from aiohttp import web

routes = web.RouteTableDef()


def posts_by_tag_sql(tag: str) -> str:
    return (
        "SELECT p.id, p.title, p.published_at FROM posts p "
        "JOIN post_tags pt ON pt.post_id = p.id "
        "WHERE pt.tag = '" + tag + "' ORDER BY p.published_at DESC LIMIT 50"
    )


@routes.get("/tags/{tag}")
async def posts_for_tag(request: web.Request) -> web.Response:
    tag = request.match_info["tag"]
    pool: asyncpg.Pool = request.app["pool"]
    async with pool.acquire() as conn:
        rows = await conn.fetch(posts_by_tag_sql(tag))
    return web.json_response([{"id": r["id"], "title": r["title"]} for r in rows])


async def init_pool(app: web.Application):
    app["pool"] = await asyncpg.create_pool(dsn="postgresql://blog@localhost/blog")
    yield
    await app["pool"].close()


def make_app() -> web.Application:
    app = web.Application()
    app.cleanup_ctx.append(init_pool)
    app.add_routes(routes)
    return app
