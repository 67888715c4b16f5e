import subprocess

from fastapi import FastAPI

app = FastAPI()


@app.post("/repos/clone")
def clone(url: str):
    cmd = "git clone --depth 1 " + url + " /srv/repos/latest"
    subprocess.Popen(cmd, shell=True).wait()
    return {"status": "cloned"}
