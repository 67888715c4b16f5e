"""DF012 xpath-injection: untrusted data in an XPath / ElementPath expression (CWE-643)."""

from __future__ import annotations

from scanner.checks.dataflow.base import DataflowRule
from scanner.rule import Invalid, Valid


class XpathInjection(DataflowRule):
    """## What it does
    Reports untrusted input that reaches an XPath expression: lxml's `tree.xpath(expr)`,
    `etree.XPath(expr)` / `etree.ETXPath(expr)`, and the ElementPath expressions of
    `findall()` / `iterfind()` (ElementTree and lxml) in files that import `xml` or `lxml`.

    ## Why is this bad?
    A value such as `' or '1'='1` changes what the expression selects: it reads nodes the
    application meant to keep apart (other users' records, password fields) or bypasses a lookup
    used as a check.

    ## Example
    ```python
    root.xpath(f"//user[name='{request.args['name']}']")
    ```

    ## Use instead
    XPath variables: `root.xpath("//user[name=$name]", name=request.args["name"])` (only the
    expression, the first argument, is a sink), or check the value against an allow list or a
    strict pattern first.

    ## Known limits
    - `find()` and `findtext()` are not sinks: on a string they are `str.find`.
    - `findall`/`iterfind` count on any object in a file that imports `xml` or `lxml`.

    ## References
    - [CWE-643](https://cwe.mitre.org/data/definitions/643.html)
    """

    code = "DF012"
    name = "xpath-injection"
    summary = "Untrusted data reaches an XPath expression"
    cwe = (643,)
    security_severity = 7.5
    equivalents = ("semgrep:python.lxml.security.audit.xpath-injection",)
    sink_kind = "xpath"
    sink_keywords = ("xpath", "XPath", "findall", "iterfind")

    VALID = [
        Valid("""\
            from lxml import etree
            from flask import request
            def find():
                root = etree.parse("users.xml")
                return root.xpath("//user[name=$name]", name=request.args["name"])
            """),
        Valid("""\
            import xml.etree.ElementTree as ET
            from flask import request
            def find():
                root = ET.parse("users.xml").getroot()
                name = request.args["name"]
                if name not in ("alice", "bob"):
                    return []
                return root.findall(f"./user[@name='{name}']")
            """),
        Valid("""\
            from lxml import etree
            from flask import request
            FIND_ITEM = etree.XPath("//item[@id=$id]")
            def find():
                items = etree.parse("items.xml")
                return [e.text for e in items.iterfind(".//item")] + FIND_ITEM(items, id=request.args["id"])
            """),
    ]
    INVALID = [
        Invalid("""\
            from lxml import etree
            from flask import request
            def find():
                root = etree.parse("users.xml")
                return root.xpath("//user[name='" + request.args["name"] + "']")
            """, 5),
        Invalid("""\
            import xml.etree.ElementTree as ET
            def find(request):
                root = ET.parse("users.xml").getroot()
                return root.findall("./user[@name='%s']" % request.GET["name"])
            """, 4),
        Invalid("""\
            from lxml import etree
            from flask import request
            def find():
                query = etree.XPath("//item[@id='{}']".format(request.args["id"]))
                return query(etree.parse("items.xml"))
            """, 4),
        Invalid("""\
            from lxml import etree
            from flask import request
            def find():
                for el in etree.parse("users.xml").iterfind(".//user[@role='" + request.args["role"] + "']"):
                    yield el.text
            """, 4),
    ]
