# vuln: the uploaded XML is parsed by xml.sax with feature_external_ges turned on (external entities are fetched)
import io
import xml.sax
from xml.sax.handler import feature_external_ges

from fastapi import FastAPI, File, UploadFile

app = FastAPI()


class CountingHandler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.elements = 0
        self.text = []

    def startElement(self, name, attrs):
        self.elements += 1

    def characters(self, content):
        self.text.append(content)


def count_elements(data):
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    handler = CountingHandler()
    parser.setContentHandler(handler)
    parser.parse(io.BytesIO(data))
    return handler


@app.post("/xml/stats")
async def xml_stats(doc: UploadFile = File(...)):
    handler = count_elements(await doc.read())
    return {"elements": handler.elements, "chars": sum(len(t) for t in handler.text)}
