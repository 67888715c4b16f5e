# vuln (package): app/views.py passes request.args["customer"] to app/db.py find_orders(), which builds the SQL with an f-string for cursor.execute
from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config["DATABASE"] = "/tmp/example-orders.db"
    from .views import bp

    app.register_blueprint(bp)
    return app
