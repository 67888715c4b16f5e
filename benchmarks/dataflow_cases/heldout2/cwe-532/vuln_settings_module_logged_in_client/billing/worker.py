from .client import BillingClient


def sync_new_customers(emails: list[str]) -> int:
    client = BillingClient()
    return sum(1 for e in emails if client.create_customer(e).get("id"))
