# safe: the expression must fullmatch a digits/operators-only regex (and no "**") before eval with empty builtins
import re

from fastapi import FastAPI, HTTPException

app = FastAPI()
ARITHMETIC = re.compile(r"[0-9+\-*/(). ]{1,64}")


def checked(expression):
    if not ARITHMETIC.fullmatch(expression) or "**" in expression:
        raise HTTPException(status_code=400, detail="only arithmetic is allowed")
    return expression


@app.get("/calc")
def calc(expr: str):
    expression = checked(expr)
    try:
        result = eval(expression, {"__builtins__": {}}, {})
    except (SyntaxError, ZeroDivisionError):
        raise HTTPException(status_code=400, detail="bad expression")
    return {"expr": expression, "result": result}
