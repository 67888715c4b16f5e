# vuln (package): auth/views.py passes request.POST["next"] to auth/util.py go_back(), which returns HttpResponseRedirect(target) unchecked
