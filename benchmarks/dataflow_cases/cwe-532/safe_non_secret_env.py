import logging
import os

logger = logging.getLogger(__name__)


def start():
    region = os.environ.get("AWS_REGION", "eu-west-1")
    logger.info("starting in region %s", region)
