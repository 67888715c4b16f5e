import logging


def authenticate(user, api_key):
    logging.info("authenticating %s with a key of %d characters", user, len(api_key))
    return bool(api_key)
