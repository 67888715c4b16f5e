from .repository import products_matching


def normalize(term):
    return term.strip().lower()


def search(term, limit):
    rows = products_matching(normalize(term))
    return [{"sku": sku, "name": name} for sku, name in rows[:limit]]
