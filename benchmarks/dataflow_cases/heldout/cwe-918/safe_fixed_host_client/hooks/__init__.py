# safe (package): hooks/views.py passes a user id to hooks/client.py, which only puts it, quote()d, in the path of a constant host
