# safe: the operator name picks a function from a constant table; the operands are float()-converted; eval only sees a constant string
import operator

from django.http import HttpResponseBadRequest, JsonResponse

OPERATIONS = {"add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv}
DEFAULT_ROUNDING = eval("10 ** 2")


def apply_operation(request):
    op = OPERATIONS.get(request.GET.get("op", ""))
    if op is None:
        return HttpResponseBadRequest("unknown op")
    try:
        a = float(request.GET["a"])
        b = float(request.GET["b"])
    except (KeyError, ValueError):
        return HttpResponseBadRequest("bad operands")
    result = round(op(a, b) * DEFAULT_ROUNDING) / DEFAULT_ROUNDING
    return JsonResponse({"result": result})
