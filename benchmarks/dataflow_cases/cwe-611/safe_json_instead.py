import json

from fastapi import FastAPI, UploadFile

app = FastAPI()


@app.post("/feeds")
async def feed(file: UploadFile):
    data = json.loads(await file.read())
    return {"root": data.get("root")}
