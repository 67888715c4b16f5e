# vuln: request.POST["return_to"] is passed as `target` to finish(), which returns HttpResponseRedirect(target)
from django.contrib.auth import authenticate, login
from django.http import HttpResponseRedirect
from django.shortcuts import render


def start(request):
    if request.method == "POST":
        request.session["return_to"] = request.POST.get("return_to", "/")
        user = authenticate(request, username=request.POST["username"], password=request.POST["password"])
        if user is not None:
            login(request, user)
            return finish(request, request.POST.get("return_to", "/"))
    return render(request, "login.html")


def finish(request, target):
    response = HttpResponseRedirect(target)
    response.set_cookie("welcome", "1")
    return response
