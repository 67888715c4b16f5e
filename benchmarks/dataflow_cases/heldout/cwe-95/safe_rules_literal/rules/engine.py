import ast
import operator

OPS = {"==": operator.eq, "!=": operator.ne, ">": operator.gt, "<": operator.lt}


class Rule:
    def __init__(self, name, condition):
        self.name = name
        field, op, literal = condition.split(" ", 2)
        if op not in OPS:
            raise ValueError("unsupported operator")
        self.field, self.op, self.value = field, OPS[op], ast.literal_eval(literal)

    def matches(self, event):
        return self.op(event.get(self.field), self.value)


def evaluate(name, condition, events):
    rule = Rule(name, condition)
    return [e for e in events if rule.matches(e)]
