from pathlib import Path

from fastapi import FastAPI

app = FastAPI()
ROOT = Path("/srv/docs")


@app.get("/docs/{page}")
def doc(page: str):
    return {"text": (ROOT / page).read_text()}
