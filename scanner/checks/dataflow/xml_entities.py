"""DF009 xml-external-entities: untrusted XML parsed without hardening (CWE-611)."""

from __future__ import annotations

from scanner.checks.dataflow.base import DataflowRule
from scanner.rule import Invalid, Valid


class XmlExternalEntities(DataflowRule):
    """## What it does
    Reports untrusted input parsed by an XML parser that is not hardened: `xml.etree`,
    `xml.dom.minidom`, `xml.dom.pulldom`, `xml.sax`, `xmltodict` and `lxml.etree` without an
    explicit parser. `defusedxml`'s functions are not sinks.

    ## Why is this bad?
    Entity declarations in the document can read local files or reach internal URLs (XXE, with
    lxml and older expat) and expand exponentially ("billion laughs").

    ## Example
    ```python
    root = ET.fromstring(request.data)
    ```

    ## Use instead
    `defusedxml.ElementTree.fromstring(request.data)`, or an lxml parser with
    `resolve_entities=False, no_network=True`.

    ## Known limits
    - Any explicit `parser=` passed to an lxml function is assumed hardened.
    - Python's own `xml.etree` does not fetch external entities since 3.7.1; it is still reported
      because entity expansion is not limited with every expat version.

    ## References
    - [CWE-611](https://cwe.mitre.org/data/definitions/611.html)
    - [Python docs: XML vulnerabilities](https://docs.python.org/3/library/xml.html#xml-vulnerabilities)
    """

    code = "DF009"
    name = "xml-external-entities"
    summary = "Untrusted XML is parsed without hardening"
    cwe = (611,)
    security_severity = 7.5
    equivalents = ("bandit:B314", "bandit:B320", "semgrep:python.lang.security.use-defused-xml")
    sink_kind = "xml"

    VALID = [
        Valid("""\
            from defusedxml import ElementTree as ET
            from flask import request
            def upload():
                return ET.fromstring(request.data).tag
            """),
        Valid("""\
            from lxml import etree
            from flask import request
            PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
            def upload():
                return etree.fromstring(request.data, parser=PARSER)
            """),
        Valid("""\
            import xml.etree.ElementTree as ET
            def settings():
                return ET.parse("/etc/app/settings.xml")
            """),
    ]
    INVALID = [
        Invalid("""\
            import xml.etree.ElementTree as ET
            from flask import request
            def upload():
                root = ET.fromstring(request.data)
                return root.tag
            """, 4),
        Invalid("""\
            from lxml import etree
            def feed(request):
                doc = etree.fromstring(request.body)
                return doc
            """, 3),
        Invalid("""\
            from xml.dom import minidom
            import sys
            dom = minidom.parse(sys.stdin)
            """, 3),
        Invalid("""\
            import xmltodict
            from flask import request
            def parse(text):
                return xmltodict.parse(text)
            def api():
                return parse(request.get_data())
            """, 4),
    ]
