# vuln: os.environ["DB_PASSWORD"] is built into the DSN in database_url() and logged with logger.info in connect()
import logging
import os

import psycopg2

logger = logging.getLogger("example.db")


def database_url():
    user = os.environ.get("DB_USER", "example")
    password = os.environ["DB_PASSWORD"]
    host = os.environ.get("DB_HOST", "localhost")
    return f"postgresql://{user}:{password}@{host}:5432/example"


def connect():
    dsn = database_url()
    logger.info("connecting to %s", dsn)
    return psycopg2.connect(dsn)
