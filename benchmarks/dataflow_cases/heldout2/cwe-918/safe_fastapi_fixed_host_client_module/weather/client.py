import httpx

WEATHER_BASE = "https://api.weather.example.com/v3"


class WeatherClient:
    def __init__(self, base: str = WEATHER_BASE, timeout: float = 4.0):
        self._http = httpx.Client(base_url=base, timeout=timeout)

    def forecast(self, city: str, days: int = 3) -> dict:
        resp = self._http.get("/forecast", params={"city": city, "days": days})
        resp.raise_for_status()
        return resp.json()

    def close(self) -> None:
        self._http.close()
