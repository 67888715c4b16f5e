# Safe: api.py passes the user's `city` to client.WeatherClient, which always requests the fixed WEATHER_BASE host and sends the city only as a query parameter.
