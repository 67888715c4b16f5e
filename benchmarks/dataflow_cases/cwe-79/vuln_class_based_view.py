from django.http import HttpResponse
from django.views import View


class SearchView(View):
    def get(self, request):
        term = request.GET.get("q", "")
        return HttpResponse("<h2>Results for " + term + "</h2>")
