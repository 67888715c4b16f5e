# Vulnerable: listener.py reads XML reports from a TCP socket and passes them to parsing.parse_report, which uses an lxml parser with resolve_entities/load_dtd on (XXE).
