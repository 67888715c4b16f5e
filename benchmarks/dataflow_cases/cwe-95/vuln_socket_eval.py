import socket


def serve():
    srv = socket.socket()
    srv.bind(("0.0.0.0", 9000))
    srv.listen()
    conn, _ = srv.accept()
    data = conn.recv(1024).decode()
    conn.send(str(eval(data)).encode())
