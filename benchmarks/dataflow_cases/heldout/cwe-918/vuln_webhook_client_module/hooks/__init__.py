# vuln (package): hooks/views.py sends request.json["url"] to hooks/client.py post_event(), which posts to it with a module-level requests.Session
