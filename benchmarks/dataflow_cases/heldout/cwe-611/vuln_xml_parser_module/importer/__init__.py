# vuln (package): importer/views.py passes request.body to importer/parsers.py parse_catalog(), which uses lxml with resolve_entities=True, no_network=False
