# vuln: request.body is zlib-decompressed and handed to marshal.loads in decode_payload()
import marshal
import zlib

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt


def decode_payload(body):
    return marshal.loads(zlib.decompress(body))


@csrf_exempt
def ingest_metrics(request):
    if request.method != "POST":
        return JsonResponse({"error": "POST only"}, status=405)
    metrics = decode_payload(request.body)
    return JsonResponse({"received": len(metrics)})
