DOCS_ROOT = "/srv/example-docs"
