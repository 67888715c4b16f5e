from flask import Flask, request

app = Flask(__name__)


@app.route("/scale")
def scale():
    factor = float(request.args.get("factor", "1"))
    return {"value": eval(f"{factor} * 10")}
