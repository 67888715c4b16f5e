# Vulnerable: the link-preview endpoint fetches the user-supplied `url` with httpx.AsyncClient.get (SSRF to internal services).
import re

import httpx
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

app = FastAPI()
TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


class PreviewIn(BaseModel):
    url: str


async def fetch_html(url: str) -> str:
    async with httpx.AsyncClient(timeout=5.0, follow_redirects=True) as client:
        resp = await client.get(url, headers={"Accept": "text/html"})
        resp.raise_for_status()
        return resp.text[:200_000]


@app.post("/preview")
async def preview(body: PreviewIn):
    if not body.url.startswith(("http://", "https://")):
        raise HTTPException(status_code=400, detail="http(s) only")
    html = await fetch_html(body.url)
    match = TITLE_RE.search(html)
    return {"url": body.url, "title": match.group(1).strip() if match else None}
