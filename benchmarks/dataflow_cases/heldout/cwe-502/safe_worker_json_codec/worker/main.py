import socket

from worker import codec
from worker.net import receive


def handle(conn):
    task = codec.decode(receive(conn))
    print("running task", task.get("name"))


def serve(port=7171):
    with socket.create_server(("0.0.0.0", port)) as srv:
        while True:
            conn, _ = srv.accept()
            with conn:
                handle(conn)
