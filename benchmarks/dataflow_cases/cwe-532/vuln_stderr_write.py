import os
import sys

secret = os.environ.get("STRIPE_SECRET_KEY")
sys.stderr.write("stripe key: " + str(secret) + "\n")
