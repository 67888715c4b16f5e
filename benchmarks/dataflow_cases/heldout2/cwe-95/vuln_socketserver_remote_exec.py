# Vulnerable: each line received on the TCP socket is compiled and exec'd by the debug console handler (remote code execution).
import io
import logging
import socketserver
import traceback
from contextlib import redirect_stdout

log = logging.getLogger("debug-console")
STATE = {"jobs": [], "version": "1.4.2"}


class ConsoleHandler(socketserver.StreamRequestHandler):
    def setup(self):
        super().setup()
        self.namespace = {"STATE": STATE}

    def run_snippet(self, source: str) -> str:
        buf = io.StringIO()
        code = compile(source, "<remote>", "exec")
        with redirect_stdout(buf):
            exec(code, self.namespace)
        return buf.getvalue()

    def handle(self):
        self.wfile.write(b">>> ")
        for raw in self.rfile:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            try:
                out = self.run_snippet(line)
            except Exception:
                out = traceback.format_exc()
            self.wfile.write(out.encode() + b">>> ")


def serve(port: int = 7001) -> None:
    with socketserver.ThreadingTCPServer(("0.0.0.0", port), ConsoleHandler) as srv:
        log.warning("debug console on port %d", port)
        srv.serve_forever()


if __name__ == "__main__":
    serve()
