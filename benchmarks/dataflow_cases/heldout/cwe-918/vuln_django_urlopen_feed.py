# vuln: request.POST["feed"] is passed to urllib.request.urlopen() in fetch_feed()
import urllib.request
import xml.etree.ElementTree as ET

from django.http import JsonResponse
from django.views.decorators.http import require_POST


def fetch_feed(feed_url):
    req = urllib.request.Request(feed_url, headers={"Accept": "application/rss+xml"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.read()


@require_POST
def subscribe(request):
    feed_url = request.POST["feed"].strip()
    data = fetch_feed(feed_url)
    titles = [t.text for t in ET.fromstring(data).iter("title")][:5]
    return JsonResponse({"feed": feed_url, "latest": titles})
