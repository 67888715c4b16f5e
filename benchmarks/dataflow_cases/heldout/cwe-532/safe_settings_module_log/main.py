import logging

from config import settings

logger = logging.getLogger("example.main")


def describe():
    return f"{settings.DB_USER}@{settings.DB_HOST}"


def main():
    logging.basicConfig(level=logging.INFO)
    logger.info("database: %s", describe())


if __name__ == "__main__":
    main()
