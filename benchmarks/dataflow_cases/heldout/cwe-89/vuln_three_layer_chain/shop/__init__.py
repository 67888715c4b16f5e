# vuln (package, 3 modules): shop/api.py query param `q` -> shop/services.py search() -> shop/repository.py products_matching() string-concatenated into cursor.execute
