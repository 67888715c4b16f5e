import httpx
from fastapi import FastAPI

app = FastAPI()


@app.get("/health/{service_host}")
def health(service_host: str):
    r = httpx.get(f"http://{service_host}/healthz", timeout=2)
    return {"ok": r.status_code == 200}
