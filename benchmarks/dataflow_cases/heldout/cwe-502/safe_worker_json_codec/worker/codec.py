import json


def decode(blob):
    task = json.loads(blob.decode("utf-8"))
    if not isinstance(task, dict):
        raise ValueError("task must be an object")
    return task


def encode(task):
    return json.dumps(task).encode("utf-8")
