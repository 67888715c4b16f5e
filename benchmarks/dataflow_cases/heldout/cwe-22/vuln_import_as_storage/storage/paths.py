import os

from storage import DOCS_ROOT


def document_path(name):
    return os.path.join(DOCS_ROOT, "published", name)


def read_document(name):
    with open(document_path(name), encoding="utf-8") as fh:
        return fh.read()
