from fastapi import FastAPI

app = FastAPI()


@app.get("/invoices/{invoice_id}")
def invoice(invoice_id: int):
    with open(f"/srv/invoices/{invoice_id}.pdf", "rb") as fh:
        return {"size": len(fh.read())}
