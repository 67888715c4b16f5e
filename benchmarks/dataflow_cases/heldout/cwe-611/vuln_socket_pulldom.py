# vuln: XML read from conn.recv() is parsed with xml.dom.pulldom using a SAX parser whose external-entity feature is enabled
import socket
import xml.sax
from xml.dom import pulldom
from xml.sax.handler import feature_external_ges


def read_message(conn):
    chunks = []
    while True:
        chunk = conn.recv(4096)
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8")


def parse_orders(text):
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    events = pulldom.parseString(text, parser=parser)
    orders = []
    for event, node in events:
        if event == pulldom.START_ELEMENT and node.tagName == "order":
            orders.append(node.getAttribute("id"))
    return orders


def serve(port=8444):
    with socket.create_server(("0.0.0.0", port)) as srv:
        conn, _ = srv.accept()
        with conn:
            print(parse_orders(read_message(conn)))
