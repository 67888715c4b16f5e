import os


def connect():
    password = os.getenv("DB_PASSWORD", "")
    dsn = f"postgresql://app:{password}@db.internal/app"
    print("connecting to", dsn)
    return dsn
