# safe (package): app/views.py passes request values to app/db.py find_orders(), which uses "?" placeholders and a parameter tuple
from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config["DATABASE"] = "/tmp/example-orders.db"
    from .views import bp

    app.register_blueprint(bp)
    return app
