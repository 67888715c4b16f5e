# Safe: uploaded GPX tracks are parsed by lxml with a parser that disables entity resolution, DTD loading and network access.
from django.http import JsonResponse
from django.views.decorators.http import require_POST
from lxml import etree

HARDENED = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, dtd_validation=False)
GPX = "{http://www.topografix.com/GPX/1/1}"


def track_points(data: bytes) -> list[tuple[float, float]]:
    root = etree.fromstring(data, parser=HARDENED)
    return [(float(p.get("lat")), float(p.get("lon"))) for p in root.iter(f"{GPX}trkpt")]


@require_POST
def upload_track(request):
    upload = request.FILES.get("track")
    if upload is None:
        return JsonResponse({"error": "track required"}, status=400)
    points = track_points(upload.read())
    return JsonResponse({"points": len(points), "first": points[0] if points else None})
