# Safe: the user-supplied repository URL and branch are each passed through shlex.quote before being placed in the shell command string.
import asyncio
import shlex

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

app = FastAPI()
WORKDIR = "/var/lib/ci/checkouts"


class CloneRequest(BaseModel):
    repo_url: str
    branch: str = "main"


def clone_command(repo_url: str, branch: str, dest: str) -> str:
    return "git clone --depth 1 --branch {} -- {} {}".format(
        shlex.quote(branch), shlex.quote(repo_url), shlex.quote(dest)
    )


@app.post("/ci/clone")
async def clone(req: CloneRequest):
    dest = f"{WORKDIR}/job-{abs(hash(req.repo_url)) % 100000}"
    cmd = clone_command(req.repo_url, req.branch, dest)
    proc = await asyncio.create_subprocess_shell(cmd, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await proc.communicate()
    if proc.returncode:
        raise HTTPException(status_code=502, detail=err.decode(errors="replace")[-500:])
    return {"dest": dest, "log": out.decode(errors="replace")[-2000:]}
