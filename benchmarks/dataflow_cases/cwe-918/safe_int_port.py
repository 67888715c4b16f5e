import httpx
from fastapi import FastAPI

app = FastAPI()


@app.get("/metrics/{port}")
def metrics(port: int):
    return httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=2).text
