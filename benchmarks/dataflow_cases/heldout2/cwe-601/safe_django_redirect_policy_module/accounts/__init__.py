# Safe: views.py redirects only to the URL returned by redirects.safe_target, which falls back to "/" unless url_has_allowed_host_and_scheme accepts it.
