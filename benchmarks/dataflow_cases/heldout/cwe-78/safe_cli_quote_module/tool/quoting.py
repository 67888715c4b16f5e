import shlex


def q(value):
    return shlex.quote(value)


def q_all(values):
    return " ".join(q(v) for v in values)
