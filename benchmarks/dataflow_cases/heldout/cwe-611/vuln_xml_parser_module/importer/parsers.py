from lxml import etree


def parse_catalog(data):
    parser = etree.XMLParser(resolve_entities=True, no_network=False, load_dtd=True)
    return etree.fromstring(data, parser)
