from fastapi import APIRouter, FastAPI, HTTPException

from .repository import BookRepository

router = APIRouter(prefix="/books")
repo = BookRepository()


@router.get("/search")
def search_books(title: str, limit: int = 25):
    return {"results": repo.search(title, min(limit, 100))}


@router.get("/{book_id}")
def get_book(book_id: int):
    book = repo.get(book_id)
    if book is None:
        raise HTTPException(status_code=404)
    return book


app = FastAPI()
app.include_router(router)
