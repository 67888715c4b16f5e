# safe: Starlette query_params["q"] is passed through html.escape() before it is put into the HTMLResponse body
import html

from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route


def results_page(query, count):
    return f"<html><body><h1>{count} results for {html.escape(query)}</h1></body></html>"


async def search(request):
    query = request.query_params.get("q", "")
    return HTMLResponse(results_page(query, 0))


app = Starlette(routes=[Route("/search", search)])
