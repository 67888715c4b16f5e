# vuln: the query parameter `source` is put into a dict, read back and fetched with httpx.get() in import_avatar()
import httpx
from fastapi import FastAPI

app = FastAPI()


def build_job(source, user_id):
    return {"source": source, "user": user_id, "max_bytes": 2_000_000}


@app.post("/users/{user_id}/avatar/import")
def import_avatar(user_id: int, source: str):
    job = build_job(source, user_id)
    resp = httpx.get(job["source"], timeout=5.0, follow_redirects=True)
    return {"user": job["user"], "bytes": len(resp.content[: job["max_bytes"]])}
