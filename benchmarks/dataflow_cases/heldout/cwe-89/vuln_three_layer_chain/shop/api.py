from fastapi import FastAPI

from shop import services

app = FastAPI()


@app.get("/products")
def products(q: str, limit: int = 20):
    return {"items": services.search(q, limit)}
