# safe (package): config/settings.py reads DB_PASSWORD, but main.py only logs user and host, never the password
