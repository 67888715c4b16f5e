# safe: the redirect target is the constant path "/search?q=" with the user text urllib.parse.quote()d into the query string
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/s")
def short_search(q: str = ""):
    return RedirectResponse("/search?q=" + quote(q, safe=""), status_code=307)
