# safe (relabeled): xml.sax has feature_external_ges off by default since Python 3.7.1.
import socket
import xml.sax


class Handler(xml.sax.ContentHandler):
    pass


def listen():
    conn = socket.create_connection(("feeds.internal", 9100))
    payload = conn.recv(1 << 20)
    xml.sax.parseString(payload, Handler())
