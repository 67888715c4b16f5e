# safe: send_from_directory joins with werkzeug's safe_join (refuses ".." and absolute names); the name is also secure_filename()'d
from flask import Flask, request, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
app.config["REPORT_DIR"] = "/srv/example-reports"


@app.get("/reports")
def get_report():
    name = secure_filename(request.args.get("file", ""))
    return send_from_directory(app.config["REPORT_DIR"], name, as_attachment=True)


@app.get("/reports/raw/<path:filename>")
def get_raw(filename):
    return send_from_directory(app.config["REPORT_DIR"], filename)
