from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import alerts.engine as eng

CURRENT = {"cpu": [0.2, 0.4, 0.9], "errors": 3, "latency_ms": 120}


async def test_rule(request: Request) -> JSONResponse:
    payload = await request.json()
    rule = eng.Rule(payload.get("name", "adhoc"), payload["condition"])
    return JSONResponse(eng.fire(rule, CURRENT))


app = Starlette(routes=[Route("/alerts/test", test_rule, methods=["POST"])])
