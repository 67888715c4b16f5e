import importlib

from fastapi import FastAPI, HTTPException

app = FastAPI()
PLUGINS = {"csv", "json", "xml"}


@app.get("/plugins/{name}")
def load_plugin(name: str):
    if name not in PLUGINS:
        raise HTTPException(404)
    module = importlib.import_module("plugins." + name)
    return {"version": getattr(module, "VERSION", "?")}
