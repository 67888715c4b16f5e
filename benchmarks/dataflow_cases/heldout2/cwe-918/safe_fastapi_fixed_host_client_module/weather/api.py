from fastapi import FastAPI, Query

from weather.client import WeatherClient

app = FastAPI()
client = WeatherClient()


@app.get("/forecast")
def forecast(city: str = Query(..., min_length=2, max_length=80), days: int = Query(3, ge=1, le=10)):
    return client.forecast(city, days)


@app.on_event("shutdown")
def shutdown():
    client.close()
