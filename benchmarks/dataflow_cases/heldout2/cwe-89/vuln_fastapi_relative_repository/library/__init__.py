# Vulnerable: api.py passes the `title` query parameter (via a relative import) to BookRepository.search in repository.py, which formats it into SQL for cursor.execute.
