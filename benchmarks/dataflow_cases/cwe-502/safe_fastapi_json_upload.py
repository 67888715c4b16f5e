import json

from fastapi import FastAPI, UploadFile

app = FastAPI()


@app.post("/settings")
async def upload_settings(file: UploadFile):
    data = json.loads(await file.read())
    return {"keys": sorted(data)}
