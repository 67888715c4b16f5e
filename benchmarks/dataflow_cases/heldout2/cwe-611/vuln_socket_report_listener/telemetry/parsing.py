from lxml import etree

_PARSER = etree.XMLParser(load_dtd=True, resolve_entities=True, no_network=False, remove_blank_text=True)


def parse_report(payload: bytes) -> dict:
    root = etree.fromstring(payload, _PARSER)
    return {
        "device": root.get("device"),
        "metrics": {m.get("name"): float(m.text or 0) for m in root.iter("metric")},
    }
