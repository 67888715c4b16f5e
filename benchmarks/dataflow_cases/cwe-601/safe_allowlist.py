from django.http import HttpResponseRedirect

DESTINATIONS = {"docs": "/docs/", "blog": "/blog/"}


def go(request):
    key = request.GET.get("to", "docs")
    return HttpResponseRedirect(DESTINATIONS.get(key, "/"))
