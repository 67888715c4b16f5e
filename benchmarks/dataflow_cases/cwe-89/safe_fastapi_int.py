from fastapi import FastAPI
from sqlalchemy import create_engine, text

app = FastAPI()
engine = create_engine("sqlite:///app.db")


@app.get("/articles/{article_id}")
def article(article_id: int):
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT title FROM articles WHERE id = {article_id}")).first()
