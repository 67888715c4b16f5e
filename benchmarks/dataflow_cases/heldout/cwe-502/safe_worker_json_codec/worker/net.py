import socket
import struct


def receive(conn: socket.socket) -> bytes:
    header = conn.recv(4)
    (length,) = struct.unpack("!I", header)
    body = b""
    while len(body) < length:
        chunk = conn.recv(length - len(body))
        if not chunk:
            break
        body += chunk
    return body
