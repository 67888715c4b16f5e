# safe: the logged env values (LOG_LEVEL, DATABASE_HOST, PORT) are not secrets; DB_PASSWORD is only passed to connect()
import logging
import os

import psycopg2

logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))
logger = logging.getLogger(__name__)


def connect():
    host = os.environ.get("DATABASE_HOST", "localhost")
    port = int(os.environ.get("PORT", "5432"))
    logger.info("connecting to database at %s:%d", host, port)
    return psycopg2.connect(host=host, port=port, user="example", password=os.environ["DB_PASSWORD"])


def main():
    conn = connect()
    logger.info("connected, server version %s", conn.server_version)


if __name__ == "__main__":
    main()
