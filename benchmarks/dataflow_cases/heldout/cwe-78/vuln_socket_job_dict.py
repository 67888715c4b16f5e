# vuln: bytes from conn.recv() are decoded, stored in a job dict and job["command"] is run with os.popen in execute()
import json
import os
import socketserver


def parse_job(raw):
    text = raw.decode("utf-8", "replace").strip()
    name, _, command = text.partition(" ")
    return {"name": name, "command": command, "received": len(raw)}


def execute(job):
    with os.popen(job["command"]) as pipe:
        return pipe.read()


class JobHandler(socketserver.BaseRequestHandler):
    def handle(self):
        raw = self.request.recv(4096)
        if not raw:
            return
        job = parse_job(raw)
        output = execute(job)
        self.request.sendall(json.dumps({"job": job["name"], "output": output}).encode())


if __name__ == "__main__":
    with socketserver.TCPServer(("127.0.0.1", 9099), JobHandler) as server:
        server.serve_forever()
