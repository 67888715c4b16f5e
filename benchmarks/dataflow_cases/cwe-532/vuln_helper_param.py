import logging


def authenticate(user, api_key):
    logging.info("authenticating %s with key %s", user, api_key)
    return bool(api_key)
