# Vulnerable: the `to` parameter is only checked with startswith("/"), so "//evil.example" (scheme-relative) still reaches RedirectResponse.
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse

app = FastAPI()
HOME = "/app/home"


def looks_local(target: str) -> bool:
    return target.startswith("/")


@app.get("/sso/callback")
async def sso_callback(request: Request, code: str, to: str = HOME):
    request.state.sso_code = code
    destination = to if looks_local(to) else HOME
    return RedirectResponse(url=destination, status_code=303)


@app.get("/app/home")
async def home():
    return {"page": "home"}
