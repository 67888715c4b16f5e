class Rule:
    def __init__(self, name, condition):
        self.name = name
        self.condition = condition

    def matches(self, event):
        return bool(eval(self.condition, {"__builtins__": {}}, {"event": event}))


def evaluate(name, condition, events):
    rule = Rule(name, condition)
    return [e for e in events if rule.matches(e)]
