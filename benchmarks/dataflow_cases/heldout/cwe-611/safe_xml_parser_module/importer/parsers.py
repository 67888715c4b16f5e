from defusedxml import ElementTree


def parse_catalog(data):
    return ElementTree.fromstring(data, forbid_dtd=True)
