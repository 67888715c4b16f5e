# safe (package): blog/html.py tag_list() escapes each tag with markupsafe.escape / quote before wrapping in Markup
