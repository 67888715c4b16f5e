# safe: the received text must parse as ipaddress.ip_address(); only its canonical str() goes into the shell command
import ipaddress
import socketserver
import subprocess


def ping(address):
    proc = subprocess.run(f"ping -c 1 -W 1 {address}", shell=True, capture_output=True, text=True)
    return proc.returncode == 0


class PingHandler(socketserver.StreamRequestHandler):
    def handle(self):
        line = self.rfile.readline(256).decode("ascii", "replace").strip()
        try:
            address = str(ipaddress.ip_address(line))
        except ValueError:
            self.wfile.write(b"bad address\n")
            return
        self.wfile.write(b"up\n" if ping(address) else b"down\n")


if __name__ == "__main__":
    with socketserver.TCPServer(("127.0.0.1", 9100), PingHandler) as server:
        server.serve_forever()
