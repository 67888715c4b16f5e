import os

DB_HOST = os.environ.get("DB_HOST", "localhost")
DB_USER = os.environ.get("DB_USER", "example")
DB_PASSWORD = os.environ["DB_PASSWORD"]
