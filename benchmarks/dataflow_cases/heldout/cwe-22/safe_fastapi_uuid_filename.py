# safe: the file id is converted with uuid.UUID() (hex and dashes only) before it becomes part of the path given to open()
import os
import uuid

from fastapi import FastAPI, HTTPException
from fastapi.responses import Response

app = FastAPI()
BLOB_DIR = "/srv/example-blobs"


def blob_path(file_id):
    try:
        canonical = str(uuid.UUID(file_id))
    except ValueError:
        raise HTTPException(status_code=400, detail="bad id")
    return os.path.join(BLOB_DIR, canonical + ".bin")


@app.get("/blobs/{file_id}")
def get_blob(file_id: str):
    with open(blob_path(file_id), "rb") as fh:
        return Response(fh.read(), media_type="application/octet-stream")
