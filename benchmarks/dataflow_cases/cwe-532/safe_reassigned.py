import os


def connect():
    password = os.getenv("DB_PASSWORD", "")
    shown = password
    shown = "********"
    print("password:", shown)
    return password
