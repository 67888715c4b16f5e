import logging

from django.conf import settings

logger = logging.getLogger(__name__)


def describe_config():
    logger.warning("running with SECRET_KEY=%s DEBUG=%s", settings.SECRET_KEY, settings.DEBUG)
