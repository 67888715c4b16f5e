import requests
from fastapi import FastAPI

app = FastAPI()


@app.get("/rates")
def rates(currency: str):
    r = requests.get("https://rates.example.com/latest.json", params={"base": currency}, timeout=5)
    return r.json()
