# Safe: the email and status query parameters are bound as named parameters of a sqlalchemy text() query, never formatted into the SQL.
from fastapi import Depends, FastAPI, Query
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("postgresql+psycopg2://crm@localhost/crm", pool_pre_ping=True)
SessionLocal = sessionmaker(bind=engine)
app = FastAPI()

FIND_CONTACTS = text(
    "SELECT id, email, status FROM contacts "
    "WHERE email ILIKE :pattern AND status = :status ORDER BY id LIMIT :limit"
)


def get_session():
    session = SessionLocal()
    try:
        yield session
    finally:
        session.close()


@app.get("/contacts")
def find_contacts(email: str = Query(""), status: str = Query("active"), limit: int = 50,
                  session: Session = Depends(get_session)):
    params = {"pattern": f"%{email}%", "status": status, "limit": min(limit, 500)}
    rows = session.execute(FIND_CONTACTS, params).mappings().all()
    return {"contacts": [dict(r) for r in rows]}
