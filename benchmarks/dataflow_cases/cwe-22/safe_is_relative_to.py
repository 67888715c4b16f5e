from pathlib import Path

from fastapi import FastAPI, HTTPException

app = FastAPI()
ROOT = Path("/srv/docs").resolve()


@app.get("/docs/{page}")
def doc(page: str):
    path = (ROOT / page).resolve()
    if not path.is_relative_to(ROOT):
        raise HTTPException(404)
    return {"text": path.read_text()}
