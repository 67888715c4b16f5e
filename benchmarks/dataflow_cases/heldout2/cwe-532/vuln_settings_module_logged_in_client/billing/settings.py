import os

STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "https://api.stripe.example.com")
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
REQUEST_TIMEOUT = float(os.environ.get("STRIPE_TIMEOUT", "10"))
