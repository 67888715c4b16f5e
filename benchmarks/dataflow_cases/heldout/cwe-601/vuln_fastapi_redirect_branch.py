# vuln: `target` is checked only when it starts with "http"; a "//evil.example" value skips the check and reaches RedirectResponse
from urllib.parse import urlparse

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()
TRUSTED = {"app.example.com", "docs.example.com"}


@app.get("/out")
def outbound(target: str = "/"):
    if target.startswith("http"):
        host = urlparse(target).hostname
        if host not in TRUSTED:
            target = "/"
    return RedirectResponse(url=target, status_code=302)
