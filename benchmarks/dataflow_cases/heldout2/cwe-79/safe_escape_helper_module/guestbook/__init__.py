# Safe: app.py builds the HTML page only from render.entry_html / render.page, which pass every user-supplied field through markupsafe.escape.
