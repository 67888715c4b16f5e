import pickle


def decode(blob):
    return pickle.loads(blob)


def encode(task):
    return pickle.dumps(task)
