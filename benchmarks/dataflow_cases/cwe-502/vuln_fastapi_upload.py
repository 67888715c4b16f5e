import pickle

from fastapi import FastAPI, UploadFile

app = FastAPI()


@app.post("/models")
async def upload_model(file: UploadFile):
    blob = await file.read()
    model = pickle.loads(blob)
    return {"type": type(model).__name__}
