# safe (package): auth/util.py go_back() validates the target with url_has_allowed_host_and_scheme and falls back to "/"
