# vuln: os.environ.get("FLASK_SECRET_KEY") goes into app.config["SECRET_KEY"] and is logged by app.logger.debug in log_startup()
import os

from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ.get("FLASK_SECRET_KEY", "dev-EXAMPLE")
app.config["ENV_NAME"] = os.environ.get("ENV_NAME", "dev")


def log_startup(application):
    application.logger.debug(
        f"starting env={application.config['ENV_NAME']} secret_key={application.config['SECRET_KEY']}"
    )


log_startup(app)


@app.get("/")
def index():
    return "ok"
