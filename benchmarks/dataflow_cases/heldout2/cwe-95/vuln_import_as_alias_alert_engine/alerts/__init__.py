# Vulnerable: web.py (import alerts.engine as eng) passes the `condition` from the posted JSON to eng.evaluate, which runs it with eval().
