from django.http import FileResponse


def attachment(request, name):
    return FileResponse(open(f"/srv/attachments/{name}", "rb"))
