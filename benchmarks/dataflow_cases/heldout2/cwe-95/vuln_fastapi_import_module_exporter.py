# Vulnerable: the `format` query parameter is passed straight to importlib.import_module, letting a caller import any module on sys.path.
import importlib
from typing import Any

from fastapi import FastAPI, HTTPException
from fastapi.responses import PlainTextResponse

app = FastAPI()
REPORT = [{"id": 1, "name": "widget", "qty": 4}, {"id": 2, "name": "gadget", "qty": 9}]


def load_exporter(module_name: str) -> Any:
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise HTTPException(status_code=400, detail=f"no exporter {module_name}") from exc
    if not hasattr(module, "export"):
        raise HTTPException(status_code=400, detail="not an exporter")
    return module


@app.get("/report/export", response_class=PlainTextResponse)
def export_report(format: str = "exporters.csv_exporter"):
    exporter = load_exporter(format)
    return exporter.export(REPORT)
