# safe (package): importer/parsers.py parse_catalog() parses request.body with defusedxml.ElementTree.fromstring
