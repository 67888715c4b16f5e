from fastapi import FastAPI, UploadFile
from lxml import etree

app = FastAPI()


@app.post("/feeds")
async def feed(file: UploadFile):
    tree = etree.parse(file.file)
    return {"root": tree.getroot().tag}
