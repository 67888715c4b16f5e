import os
import re

from werkzeug.exceptions import BadRequest

NAME_RE = re.compile(r"[A-Za-z0-9_-]{1,64}\.(pdf|txt)")


def clean_name(raw):
    name = os.path.basename(raw)
    if not NAME_RE.fullmatch(name):
        raise BadRequest("invalid file name")
    return name
