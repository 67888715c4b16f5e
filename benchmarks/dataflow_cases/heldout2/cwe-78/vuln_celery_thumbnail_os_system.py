# Vulnerable: the uploaded image's original filename from the Flask form is handed to a Celery task that builds an ImageMagick command line for os.system.
import os

from celery import Celery
from flask import Flask, jsonify, request

celery = Celery("media", broker=os.environ.get("BROKER_URL", "redis://localhost:6379/0"))
app = Flask(__name__)
MEDIA_ROOT = "/srv/media"


@celery.task(name="media.make_thumbnail", bind=True, max_retries=2)
def make_thumbnail(self, original_name: str, size: int = 256):
    src = f"{MEDIA_ROOT}/originals/{original_name}"
    dst = f"{MEDIA_ROOT}/thumbs/{size}/{original_name}"
    status = os.system("convert '%s' -thumbnail %dx%d '%s'" % (src, size, size, dst))
    if status != 0:
        raise self.retry(countdown=5)
    return dst


@app.post("/media")
def upload_media():
    upload = request.files["image"]
    name = upload.filename
    upload.save(os.path.join(MEDIA_ROOT, "originals", "incoming.tmp"))
    make_thumbnail.delay(name, int(request.form.get("size", 256)))
    return jsonify(queued=name), 202
