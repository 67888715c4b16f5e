# Safe: views.py opens only paths returned by storage.resolve_attachment, which resolves the user's name and rejects anything outside ATTACHMENT_ROOT (os.path.commonpath).
from flask import Flask


def create_app() -> Flask:
    from .views import bp

    app = Flask(__name__)
    app.register_blueprint(bp)
    return app
