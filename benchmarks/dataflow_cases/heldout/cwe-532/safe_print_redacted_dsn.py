# safe: the DSN is printed only after redact() rebuilds it from scheme/user/host with "***" instead of the password
import os
from urllib.parse import urlsplit


def redact(dsn):
    parts = urlsplit(dsn)
    netloc = f"{parts.username}:***@{parts.hostname}"
    if parts.port:
        netloc += f":{parts.port}"
    return f"{parts.scheme}://{netloc}{parts.path}"


def main():
    dsn = os.environ.get("DATABASE_URL", "postgresql://example:EXAMPLE@localhost/example")
    print("using database", redact(dsn))


if __name__ == "__main__":
    main()
