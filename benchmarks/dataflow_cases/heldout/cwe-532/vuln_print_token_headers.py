# vuln: os.getenv("EXAMPLE_API_TOKEN") is kept in self.headers (dict, attribute) and the headers are printed in debug_request()
import os

import requests


class ApiClient:
    def __init__(self, base_url):
        self.base_url = base_url
        token = os.getenv("EXAMPLE_API_TOKEN", "")
        self.headers = {"Authorization": "Bearer " + token, "Accept": "application/json"}

    def debug_request(self, method, path):
        print(f"{method} {self.base_url}{path} headers={self.headers}")

    def get(self, path):
        self.debug_request("GET", path)
        return requests.get(self.base_url + path, headers=self.headers, timeout=10)


if __name__ == "__main__":
    client = ApiClient("https://api.example.com")
    print(client.get("/me").status_code)
