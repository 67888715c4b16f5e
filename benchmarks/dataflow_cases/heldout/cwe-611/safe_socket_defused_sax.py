# safe: XML received from the socket is parsed with defusedxml.sax.parseString (external entities and DTDs forbidden)
import socketserver
import xml.sax

import defusedxml.sax


class TagCounter(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.count = 0

    def startElement(self, name, attrs):
        self.count += 1


class XmlHandler(socketserver.BaseRequestHandler):
    def handle(self):
        data = self.request.recv(65536)
        counter = TagCounter()
        defusedxml.sax.parseString(data, counter)
        self.request.sendall(str(counter.count).encode())


if __name__ == "__main__":
    with socketserver.TCPServer(("127.0.0.1", 9200), XmlHandler) as server:
        server.serve_forever()
