import yaml

REQUIRED = ("name", "image", "command")


class SpecError(ValueError):
    pass


def load_spec(text: str) -> dict:
    doc = yaml.load(text, Loader=yaml.SafeLoader)
    if not isinstance(doc, dict):
        raise SpecError("a job spec must be a mapping")
    missing = [k for k in REQUIRED if k not in doc]
    if missing:
        raise SpecError("missing keys: " + ", ".join(missing))
    return doc
