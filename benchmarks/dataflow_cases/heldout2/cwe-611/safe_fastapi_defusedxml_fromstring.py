# Safe: the posted SAML-like XML is parsed with defusedxml.ElementTree.fromstring, which rejects DTDs, entity expansion and external references.
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from fastapi import FastAPI, HTTPException, Request

app = FastAPI()
NS = "{urn:oasis:names:tc:SAML:2.0:assertion}"


def extract_subject(xml_text: bytes) -> dict:
    try:
        root = fromstring(xml_text)
    except DefusedXmlException as exc:
        raise HTTPException(status_code=400, detail="forbidden XML construct") from exc
    name_id = root.find(f".//{NS}NameID")
    attrs = {a.get("Name"): a.findtext(f"{NS}AttributeValue") for a in root.iter(f"{NS}Attribute")}
    return {"subject": name_id.text if name_id is not None else None, "attributes": attrs}


@app.post("/sso/assertion/inspect")
async def inspect_assertion(request: Request):
    body = await request.body()
    return extract_subject(body)
