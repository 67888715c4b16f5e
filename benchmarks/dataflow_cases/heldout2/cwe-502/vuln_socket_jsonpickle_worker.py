# Vulnerable: job messages read from a raw TCP socket are decoded with jsonpickle.decode, which instantiates any class named in "py/object".
import json
import logging
import socket
import struct

import jsonpickle

log = logging.getLogger("job-worker")
HOST, PORT = "0.0.0.0", 5555


def recv_exact(conn: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        chunk = conn.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("peer closed")
        buf += chunk
    return buf


def read_message(conn: socket.socket) -> str:
    (length,) = struct.unpack("!I", recv_exact(conn, 4))
    return recv_exact(conn, length).decode("utf-8")


def handle_job(job) -> dict:
    run = getattr(job, "run", None)
    return {"result": run() if callable(run) else None}


def serve() -> None:
    with socket.create_server((HOST, PORT)) as server:
        while True:
            conn, addr = server.accept()
            with conn:
                job = jsonpickle.decode(read_message(conn))
                log.info("job from %s", addr[0])
                reply = json.dumps(handle_job(job)).encode()
                conn.sendall(struct.pack("!I", len(reply)) + reply)


if __name__ == "__main__":
    serve()
