# Vulnerable: the SOAP request body is parsed with xml.sax after feature_external_ges is switched on, so external entities are fetched and expanded.
import io
import xml.sax
from xml.sax.handler import ContentHandler, feature_external_ges

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


class StockQueryHandler(ContentHandler):
    def __init__(self):
        super().__init__()
        self.symbols = []
        self._in_symbol = False

    def startElement(self, name, attrs):
        self._in_symbol = name.endswith("Symbol")

    def characters(self, content):
        if self._in_symbol and content.strip():
            self.symbols.append(content.strip())

    def endElement(self, name):
        self._in_symbol = False


def extract_symbols(body: bytes) -> list[str]:
    handler = StockQueryHandler()
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    parser.setContentHandler(handler)
    parser.parse(io.BytesIO(body))
    return handler.symbols


@csrf_exempt
@require_POST
def stock_quote_soap(request):
    symbols = extract_symbols(request.body)
    items = "".join(f"<Quote><Symbol>{s}</Symbol><Price>0</Price></Quote>" for s in symbols)
    return HttpResponse(f"<Envelope><Body>{items}</Body></Envelope>", content_type="text/xml")
