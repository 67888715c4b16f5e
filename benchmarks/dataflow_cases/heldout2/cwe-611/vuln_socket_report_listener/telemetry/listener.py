import logging
import socketserver

from telemetry import parsing

log = logging.getLogger("telemetry.listener")
REPORTS: list[dict] = []


class ReportHandler(socketserver.BaseRequestHandler):
    def handle(self):
        chunks = []
        while True:
            data = self.request.recv(65536)
            if not data:
                break
            chunks.append(data)
        report = parsing.parse_report(b"".join(chunks))
        REPORTS.append(report)
        log.info("report from %s: %d metrics", report["device"], len(report["metrics"]))


def serve(port: int = 9440) -> None:
    with socketserver.ThreadingTCPServer(("0.0.0.0", port), ReportHandler) as server:
        server.serve_forever()


if __name__ == "__main__":
    serve()
