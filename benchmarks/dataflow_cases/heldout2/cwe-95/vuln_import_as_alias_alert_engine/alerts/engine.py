import statistics

HELPERS = {"avg": statistics.mean, "max": max, "min": min, "abs": abs}


class Rule:
    def __init__(self, name: str, condition: str):
        self.name = name
        self.condition = condition


def evaluate(condition: str, metrics: dict) -> bool:
    scope = dict(HELPERS)
    scope.update(metrics)
    return bool(eval(condition, {"__builtins__": {}}, scope))


def fire(rule: Rule, metrics: dict) -> dict:
    return {"rule": rule.name, "firing": evaluate(rule.condition, metrics)}
