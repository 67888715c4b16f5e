# vuln (package): blog/views.py passes request.args tags to blog/html.py tag_list(), which builds HTML by %-formatting and returns Markup(...)
