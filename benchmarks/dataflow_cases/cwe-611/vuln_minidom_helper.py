from xml.dom import minidom

from flask import Flask, request

app = Flask(__name__)


def count_nodes(xml_text):
    return len(minidom.parseString(xml_text).getElementsByTagName("item"))


@app.route("/count", methods=["POST"])
def count():
    return {"n": count_nodes(request.get_data())}
