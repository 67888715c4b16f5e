# Vulnerable: the worker builds its database DSN with DB_PASSWORD from the environment and logs the whole DSN at debug level on every reconnect.
import logging
import os
import time

import psycopg2

log = logging.getLogger("etl.worker")


class Settings:
    def __init__(self):
        self.db_host = os.getenv("DB_HOST", "localhost")
        self.db_user = os.getenv("DB_USER", "etl")
        self.db_password = os.getenv("DB_PASSWORD", "")
        self.db_name = os.getenv("DB_NAME", "warehouse")

    def dsn(self) -> str:
        return f"postgresql://{self.db_user}:{self.db_password}@{self.db_host}/{self.db_name}"


def connect(settings: Settings, attempts: int = 5):
    dsn = settings.dsn()
    for attempt in range(1, attempts + 1):
        log.debug("connecting (attempt %d) to %s", attempt, dsn)
        try:
            return psycopg2.connect(dsn)
        except psycopg2.OperationalError:
            time.sleep(2 ** attempt)
    raise RuntimeError("database unreachable")


def run_batch(conn) -> int:
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM staging_events")
        return cur.fetchone()[0]


if __name__ == "__main__":
    logging.basicConfig(level=logging.DEBUG)
    print(run_batch(connect(Settings())))
