from .db import connection


class BookRepository:
    table = "books"

    def search(self, title: str, limit: int = 25) -> list[dict]:
        sql = "SELECT id, title, author, year FROM {} WHERE title LIKE '%{}%' LIMIT {}".format(self.table, title, limit)
        with connection() as conn:
            cur = conn.cursor()
            cur.execute(sql)
            cols = [c[0] for c in cur.description]
            return [dict(zip(cols, row)) for row in cur.fetchall()]

    def get(self, book_id: int) -> dict | None:
        with connection() as conn:
            row = conn.execute("SELECT id, title, author, year FROM books WHERE id = ?", (book_id,)).fetchone()
        return dict(zip(("id", "title", "author", "year"), row)) if row else None
