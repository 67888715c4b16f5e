# safe: the host is the constant API_BASE; the username only goes into one path segment through urllib.parse.quote(safe="")
from urllib.parse import quote

import requests
from fastapi import FastAPI

app = FastAPI()
API_BASE = "https://api.example.com/v2"
session = requests.Session()


def profile_url(username):
    return API_BASE + "/users/" + quote(username, safe="")


@app.get("/profiles/{username}")
def profile(username: str):
    resp = session.get(profile_url(username), timeout=5)
    resp.raise_for_status()
    return {"username": username, "followers": resp.json().get("followers", 0)}
