import logging
import os

log = logging.getLogger(__name__)


def sync():
    token = os.environ.get("CRM_API_TOKEN")
    log.info("CRM token configured: %s", bool(token))
