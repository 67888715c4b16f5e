# vuln: minidom parses with a SAX parser whose external-entity feature is turned on
from xml.dom import minidom
from xml.sax import make_parser
from xml.sax.handler import feature_external_ges

from flask import Flask, request

app = Flask(__name__)


def count_nodes(xml_text):
    parser = make_parser()
    parser.setFeature(feature_external_ges, True)
    return len(minidom.parseString(xml_text, parser=parser).getElementsByTagName("item"))


@app.route("/count", methods=["POST"])
def count():
    return {"n": count_nodes(request.get_data())}
