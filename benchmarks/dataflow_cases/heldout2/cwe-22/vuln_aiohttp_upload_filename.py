# Vulnerable: the client-supplied multipart filename (field.filename) is joined onto the upload directory and opened for writing ("../../home/app/.ssh/authorized_keys").
import logging
import os

from aiohttp import web

UPLOAD_DIR = os.environ.get("UPLOAD_DIR", "/var/lib/dropbox/uploads")
CHUNK = 64 * 1024
log = logging.getLogger(__name__)
routes = web.RouteTableDef()


async def save_part(part, directory):
    filename = part.filename or "upload.bin"
    destination = os.path.join(directory, filename)
    size = 0
    with open(destination, "wb") as out:
        while True:
            chunk = await part.read_chunk(CHUNK)
            if not chunk:
                break
            size += len(chunk)
            out.write(chunk)
    return filename, size


@routes.post("/upload")
async def upload(request: web.Request) -> web.Response:
    reader = await request.multipart()
    saved = []
    async for part in reader:
        if part.name != "file":
            continue
        name, size = await save_part(part, UPLOAD_DIR)
        log.info("stored %s (%d bytes)", name, size)
        saved.append({"name": name, "size": size})
    return web.json_response({"saved": saved})


def make_app() -> web.Application:
    app = web.Application(client_max_size=50 * 1024 * 1024)
    app.add_routes(routes)
    return app


if __name__ == "__main__":
    web.run_app(make_app(), port=8081)
