# Safe: the export name from the query string is reduced to os.path.basename and must match a strict regex with a .csv suffix before it is joined and opened.
import os
import re

import tornado.ioloop
import tornado.web

EXPORT_DIR = "/var/exports"
NAME_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}\.csv$")


def clean_export_name(raw: str) -> str:
    name = os.path.basename(raw)
    if not NAME_RE.fullmatch(name):
        raise tornado.web.HTTPError(400, "bad export name")
    return name


class ExportHandler(tornado.web.RequestHandler):
    def initialize(self, export_dir):
        self.export_dir = export_dir

    def get(self):
        name = clean_export_name(self.get_argument("name"))
        path = os.path.join(self.export_dir, name)
        if not os.path.exists(path):
            raise tornado.web.HTTPError(404)
        self.set_header("Content-Type", "text/csv")
        self.set_header("Content-Disposition", f'attachment; filename="{name}"')
        with open(path, "rb") as fh:
            self.write(fh.read())


def make_app():
    return tornado.web.Application([(r"/exports", ExportHandler, {"export_dir": EXPORT_DIR})])


if __name__ == "__main__":
    make_app().listen(8888)
    tornado.ioloop.IOLoop.current().start()
