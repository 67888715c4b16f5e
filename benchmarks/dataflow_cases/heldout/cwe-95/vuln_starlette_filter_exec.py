# vuln: Starlette request.query_params["where"] is formatted into a function body that exec() defines
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

RECORDS = [{"id": 1, "size": 10}, {"id": 2, "size": 42}]


def compile_predicate(condition):
    namespace = {}
    body = "def predicate(rec):\n    return {}\n".format(condition)
    exec(body, namespace)
    return namespace["predicate"]


async def filter_records(request):
    condition = request.query_params.get("where", "True")
    predicate = compile_predicate(condition)
    return JSONResponse([r for r in RECORDS if predicate(r)])


app = Starlette(routes=[Route("/records", filter_records)])
