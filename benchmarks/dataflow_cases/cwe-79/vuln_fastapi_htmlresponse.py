from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/greet")
def greet(name: str):
    return HTMLResponse(f"<html><body>Hi {name}</body></html>")
