from fastapi import FastAPI
from sqlalchemy import create_engine, text

app = FastAPI()
engine = create_engine("sqlite:///app.db")


@app.get("/search")
def search(term: str):
    sql = "SELECT title FROM articles WHERE title LIKE '%{}%'".format(term)
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(text(sql))]
