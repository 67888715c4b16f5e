# Vulnerable: settings.py reads STRIPE_SECRET_KEY from the environment; client.py (from . import settings) logs it in full when the client is built.
