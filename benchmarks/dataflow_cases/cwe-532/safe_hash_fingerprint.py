import hashlib
import os


def show_key():
    key = os.environ["SIGNING_KEY_SECRET"]
    print("signing key fingerprint:", hashlib.sha256(key.encode()).hexdigest()[:12])
