from django.http import JsonResponse


def run_rule(request):
    rule = request.POST["rule"]
    scope = {"order": {"total": 10}}
    exec(rule, scope)
    return JsonResponse({"discount": scope.get("discount", 0)})
