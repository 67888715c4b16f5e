# vuln: shlex.quote is applied to `fmt` only when it is not in PRESETS; `filename` path param goes unquoted into the shell=True command
import shlex
import subprocess

from fastapi import FastAPI, HTTPException

app = FastAPI()
PRESETS = {"thumb": "-resize 128x128", "web": "-resize 1024x1024 -quality 80"}
MEDIA_DIR = "/srv/example-media"


@app.post("/convert/{filename}")
def convert(filename: str, fmt: str = "thumb"):
    if fmt in PRESETS:
        options = PRESETS[fmt]
    else:
        options = shlex.quote(fmt)
    command = f"convert {MEDIA_DIR}/{filename} {options} {MEDIA_DIR}/out/{filename}"
    result = subprocess.run(command, shell=True, capture_output=True)
    if result.returncode:
        raise HTTPException(status_code=500, detail="conversion failed")
    return {"status": "ok"}
