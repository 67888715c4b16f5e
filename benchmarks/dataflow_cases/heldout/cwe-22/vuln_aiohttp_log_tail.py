# vuln: aiohttp request.query["file"] is concatenated onto LOG_DIR and opened in tail()
from aiohttp import web

LOG_DIR = "/var/log/example-app/"


def tail(name, lines=50):
    with open(LOG_DIR + name, encoding="utf-8", errors="replace") as fh:
        return fh.readlines()[-lines:]


async def show_log(request):
    name = request.query["file"]
    lines = int(request.query.get("lines", "50"))
    return web.json_response({"lines": tail(name, lines)})


app = web.Application()
app.add_routes([web.get("/logs", show_log)])
