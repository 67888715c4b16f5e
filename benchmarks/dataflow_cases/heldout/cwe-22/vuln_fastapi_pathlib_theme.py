# vuln: the path parameter `asset` is joined with pathlib (THEMES / theme / asset) and read with open(); no containment check
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import Response

app = FastAPI()
THEMES = Path("/srv/example-themes")


class ThemeStore:
    def __init__(self, root):
        self.root = root

    def asset_path(self, theme, asset):
        return self.root / theme / asset

    def read(self, theme, asset):
        path = self.asset_path(theme, asset)
        with open(path, "rb") as fh:
            return fh.read()


store = ThemeStore(THEMES)


@app.get("/themes/{theme}/{asset:path}")
def theme_asset(theme: str, asset: str):
    try:
        return Response(store.read(theme, asset), media_type="application/octet-stream")
    except FileNotFoundError:
        raise HTTPException(status_code=404)
