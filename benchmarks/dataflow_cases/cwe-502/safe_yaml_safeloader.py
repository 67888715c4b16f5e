import yaml
from django.http import JsonResponse


def import_config(request):
    config = yaml.load(request.body, Loader=yaml.SafeLoader)
    return JsonResponse({"keys": list(config)})
