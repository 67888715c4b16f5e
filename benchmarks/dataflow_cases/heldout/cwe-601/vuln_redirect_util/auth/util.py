from django.http import HttpResponseRedirect


def go_back(request, target):
    response = HttpResponseRedirect(target)
    response["Cache-Control"] = "no-store"
    return response
