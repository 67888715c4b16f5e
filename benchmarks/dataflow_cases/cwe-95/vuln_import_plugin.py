import importlib

from fastapi import FastAPI

app = FastAPI()


@app.get("/plugins/{name}")
def load_plugin(name: str):
    module = importlib.import_module("plugins." + name)
    return {"version": getattr(module, "VERSION", "?")}
