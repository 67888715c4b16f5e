import os

STORE_ROOT = "/srv/example-store"


def read_file(name):
    with open(os.path.join(STORE_ROOT, name), "rb") as fh:
        return fh.read()
