# vuln: the query parameter `msg` is put into an f-string HTML page returned as HTMLResponse without escaping
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()

PAGE = "<html><body><div class='flash'>{flash}</div><a href='/'>home</a></body></html>"


def flash_page(message):
    return PAGE.format(flash=message)


@app.get("/done", response_class=HTMLResponse)
def done(msg: str = "Saved"):
    return HTMLResponse(content=flash_page(msg))
