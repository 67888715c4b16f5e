# vuln: chunks from sock.recv() accumulate in self.buffer (attribute, loop) and the frame is passed to pickle.loads in next_message()
import pickle
import socket
import struct


class FrameReader:
    def __init__(self, sock):
        self.sock = sock
        self.buffer = b""

    def _fill(self, size):
        while len(self.buffer) < size:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("peer closed")
            self.buffer += chunk

    def next_message(self):
        self._fill(4)
        (length,) = struct.unpack("!I", self.buffer[:4])
        self._fill(4 + length)
        frame, self.buffer = self.buffer[4:4 + length], self.buffer[4 + length:]
        return pickle.loads(frame)


def serve(port=7070):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("0.0.0.0", port))
    srv.listen(1)
    conn, _ = srv.accept()
    reader = FrameReader(conn)
    while True:
        print("task:", reader.next_message())
