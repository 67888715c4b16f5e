import tornado.ioloop
import tornado.web

from jobs.spec import SpecError, load_spec

QUEUE: list[dict] = []


class SubmitJobHandler(tornado.web.RequestHandler):
    def post(self):
        body = self.request.body.decode("utf-8", "replace")
        try:
            spec = load_spec(body)
        except SpecError as exc:
            self.set_status(400)
            self.write({"error": str(exc)})
            return
        QUEUE.append(spec)
        self.write({"queued": spec["name"], "position": len(QUEUE)})


def main():
    app = tornado.web.Application([(r"/jobs", SubmitJobHandler)])
    app.listen(8090)
    tornado.ioloop.IOLoop.current().start()


if __name__ == "__main__":
    main()
