# Vulnerable: the `theme` and `asset` query parameters are stored on a ThemeStore and joined with pathlib into a FileResponse path with no containment check.
from pathlib import Path

from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi.responses import FileResponse

THEMES_ROOT = Path("/opt/cms/themes")

app = FastAPI(title="cms-assets")


class ThemeStore:
    def __init__(self, root: Path):
        self.root = root
        self.current = "default"

    def select(self, theme: str) -> None:
        self.current = theme

    def asset_path(self, asset: str) -> Path:
        return self.root / self.current / "static" / asset


def get_store() -> ThemeStore:
    return ThemeStore(THEMES_ROOT)


def guess_media_type(path: Path) -> str:
    return {".css": "text/css", ".js": "application/javascript", ".png": "image/png"}.get(path.suffix, "application/octet-stream")


@app.get("/assets")
async def theme_asset(theme: str = Query("default"), asset: str = Query(...), store: ThemeStore = Depends(get_store)):
    store.select(theme)
    target = store.asset_path(asset)
    if not target.exists():
        raise HTTPException(status_code=404, detail="no such asset")
    return FileResponse(target, media_type=guess_media_type(target))
