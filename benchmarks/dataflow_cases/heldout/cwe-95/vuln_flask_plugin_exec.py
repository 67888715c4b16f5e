# vuln: the uploaded file request.files["plugin"] is read, decoded and run with exec(compile(...)) by PluginLoader.load()
import types

from flask import Flask, jsonify, request

app = Flask(__name__)


class PluginLoader:
    def __init__(self):
        self.modules = {}

    def load(self, name, source):
        module = types.ModuleType(name)
        code = compile(source, f"<plugin {name}>", "exec")
        exec(code, module.__dict__)
        self.modules[name] = module
        return module


loader = PluginLoader()


@app.post("/plugins")
def upload_plugin():
    upload = request.files["plugin"]
    source = upload.read().decode("utf-8")
    module = loader.load(upload.filename.rsplit(".", 1)[0], source)
    return jsonify({"loaded": module.__name__, "hooks": sorted(k for k in vars(module) if k.startswith("on_"))})
