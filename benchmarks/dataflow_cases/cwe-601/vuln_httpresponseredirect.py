from django.http import HttpResponseRedirect


def go(request):
    target = request.POST["target"]
    return HttpResponseRedirect(target)
