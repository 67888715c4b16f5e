# Safe: the `provider` query parameter only selects a fixed URL from OEMBED_PROVIDERS; the user's media URL is sent as a query parameter, not as the target.
import aiohttp
from aiohttp import web

OEMBED_PROVIDERS = {
    "youtube": "https://www.youtube.com/oembed",
    "vimeo": "https://vimeo.com/api/oembed.json",
}


async def oembed(request: web.Request) -> web.Response:
    provider = request.query.get("provider", "")
    endpoint = OEMBED_PROVIDERS.get(provider)
    if endpoint is None:
        raise web.HTTPBadRequest(text="unknown provider")
    media_url = request.query.get("url", "")
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http:
        async with http.get(endpoint, params={"url": media_url, "format": "json"}) as resp:
            data = await resp.json(content_type=None)
    return web.json_response({"html": data.get("html"), "title": data.get("title")})


app = web.Application()
app.router.add_get("/oembed", oembed)
