# safe: only whether the token is set ("yes"/"no") and its length are logged, never the token value
import logging
import os

logger = logging.getLogger("example.client")


class ServiceClient:
    def __init__(self):
        self.token = os.environ.get("SERVICE_API_TOKEN")
        configured = "yes" if self.token else "no"
        logger.info("service token configured: %s", configured)

    def auth_header(self):
        return {"Authorization": f"Bearer {self.token}"}


client = ServiceClient()
