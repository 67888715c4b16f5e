# vuln (package): config/settings.py reads DB_PASSWORD from the environment; main.py logs settings.DB_PASSWORD through describe() with logger.info
