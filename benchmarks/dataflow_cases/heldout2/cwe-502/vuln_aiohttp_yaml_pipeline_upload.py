# Vulnerable: an uploaded pipeline definition is parsed with yaml.load(..., Loader=yaml.Loader), which builds arbitrary Python objects (!!python/object/apply).
import logging

import yaml
from aiohttp import web

log = logging.getLogger("pipelines")
PIPELINES: dict[str, dict] = {}


class PipelineError(Exception):
    pass


def parse_pipeline(text: str) -> dict:
    spec = yaml.load(text, Loader=yaml.Loader)
    if not isinstance(spec, dict) or "steps" not in spec:
        raise PipelineError("a pipeline needs a 'steps' list")
    return spec


async def upload_pipeline(request: web.Request) -> web.Response:
    data = await request.post()
    field = data.get("pipeline")
    if field is None or not hasattr(field, "file"):
        raise web.HTTPBadRequest(text="pipeline file missing")
    text = field.file.read().decode("utf-8")
    try:
        spec = parse_pipeline(text)
    except PipelineError as exc:
        raise web.HTTPBadRequest(text=str(exc))
    PIPELINES[spec.get("name", field.filename)] = spec
    log.info("registered pipeline with %d steps", len(spec["steps"]))
    return web.json_response({"ok": True, "steps": len(spec["steps"])})


app = web.Application()
app.router.add_post("/pipelines", upload_pipeline)
