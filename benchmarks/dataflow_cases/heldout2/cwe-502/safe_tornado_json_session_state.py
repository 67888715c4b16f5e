# Safe: the session-state cookie is read with get_signed_cookie and parsed with json.loads; pickle is imported only to write a server-side snapshot.
import json
import pickle
import time

import tornado.web

SNAPSHOT_PATH = "/var/lib/wizard/snapshot.pkl"


def write_snapshot(states: dict) -> None:
    with open(SNAPSHOT_PATH, "wb") as fh:
        pickle.dump({"taken": time.time(), "states": states}, fh)


class WizardHandler(tornado.web.RequestHandler):
    states: dict[str, dict] = {}

    def load_state(self) -> dict:
        raw = self.get_signed_cookie("wizard")
        if raw is None:
            return {"step": 1, "answers": {}}
        return json.loads(raw.decode("utf-8"))

    def post(self):
        state = self.load_state()
        state["answers"][str(state["step"])] = self.get_body_argument("answer", "")
        state["step"] += 1
        self.states[self.request.remote_ip] = state
        self.set_signed_cookie("wizard", json.dumps(state))
        if len(self.states) % 100 == 0:
            write_snapshot(self.states)
        self.write(state)


def make_app():
    return tornado.web.Application([(r"/wizard", WizardHandler)], cookie_secret="EXAMPLE-FAKE-cookie-secret")
