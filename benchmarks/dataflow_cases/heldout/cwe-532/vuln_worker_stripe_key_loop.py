# vuln: the secret env values collected in a loop (STRIPE_SECRET_KEY among them) are written with logging.warning in report_missing()
import logging
import os

log = logging.getLogger(__name__)
REQUIRED = ("STRIPE_SECRET_KEY", "QUEUE_URL", "WORKER_NAME")


def load_settings():
    settings = {}
    for name in REQUIRED:
        settings[name] = os.environ.get(name, "")
    return settings


def report_missing(settings):
    missing = [k for k, v in settings.items() if not v]
    if missing:
        logging.warning("incomplete settings %s (missing %s)", settings, missing)


def main():
    settings = load_settings()
    report_missing(settings)
    log.info("worker %s started", settings["WORKER_NAME"])


if __name__ == "__main__":
    main()
