# vuln: the UploadFile content is read and parsed with yaml.load(..., Loader=yaml.Loader) (full loader, arbitrary objects)
import yaml
from fastapi import FastAPI, File, UploadFile

app = FastAPI()


class PipelineConfig:
    def __init__(self, data):
        self.stages = data.get("stages", [])
        self.name = data.get("name", "unnamed")


def parse_pipeline(text):
    data = yaml.load(text, Loader=yaml.Loader)
    return PipelineConfig(data or {})


@app.post("/pipelines")
async def create_pipeline(config: UploadFile = File(...)):
    content = await config.read()
    pipeline = parse_pipeline(content.decode("utf-8"))
    return {"name": pipeline.name, "stages": len(pipeline.stages)}
