# Safe: the `action` argument only selects one of the fixed command strings in SERVICE_ACTIONS; user text never reaches os.system.
import os

import tornado.web

SERVICE = "worker"
SERVICE_ACTIONS = {
    "restart": "systemctl restart worker.service",
    "status": "systemctl --no-pager status worker.service",
    "reload": "systemctl reload worker.service",
}


class ServiceHandler(tornado.web.RequestHandler):
    def prepare(self):
        if self.request.headers.get("X-Admin-Token") is None:
            raise tornado.web.HTTPError(403)

    def post(self):
        action = self.get_argument("action")
        command = SERVICE_ACTIONS.get(action)
        if command is None:
            raise tornado.web.HTTPError(400, reason="unknown action")
        rc = os.system(command)
        self.write({"service": SERVICE, "action": action, "rc": rc})


def make_app():
    return tornado.web.Application([(r"/ops/service", ServiceHandler)])
