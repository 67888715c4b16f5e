"""DF009 xml-external-entities: untrusted XML parsed without hardening (CWE-611)."""

from __future__ import annotations

from scanner.checks.dataflow.base import DataflowRule
from scanner.rule import Invalid, Valid


class XmlExternalEntities(DataflowRule):
    """## What it does
    Reports untrusted input parsed by an XML parser that resolves external entities: `lxml.etree`
    with its default parser or a parser built with `resolve_entities=True`, `load_dtd=True`,
    `no_network=False`, `huge_tree=True`, `dtd_validation=True` or `attribute_defaults=True`;
    `xmltodict`; and Python's own `xml.dom.minidom`, `xml.dom.pulldom` and `xml.sax` (and the
    parsers `xml.sax.make_parser()` returns) in a file that turns a SAX parser's
    `feature_external_ges` (or `_pes`) on. `defusedxml`'s functions are not sinks, and neither are
    `xml.etree` and the standard parsers with their defaults: expat does not fetch external
    entities unless that feature is on.

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
    - An explicit lxml parser is followed through names and the module's own functions that
      return one (`parser=make_parser()`); a parser built elsewhere (another module, an attribute,
      options given by variables) is assumed hardened. `XMLParser()` with default options counts as
      hardened (lxml 5 resolves internal entities only).
    - Python's own parsers are reported only in a file that calls `setFeature(feature_external_ges,
      True)` (or the `_pes` feature), whichever parser object it is called on. Entity expansion
      ("billion laughs", CWE-776) is limited by expat 2.4.1+ and not reported.
    - Other modules: calls of functions imported from scanned files are followed (sinks inside
      them, what they return, sanitizers), and so are methods of imported classes (`mod.Class.method(x)`,
      `Class(a).method(x)`, or on a name bound once to `Class(a)`); objects built in another
      module and returned, and a file that names no source itself, are not (a request passed to
      an imported class's constructor counts as named).

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
        Valid("""\
            import xml.etree.ElementTree as ET
            from xml.dom import minidom
            from flask import request
            def upload():
                return ET.fromstring(request.data).tag, minidom.parseString(request.data)
            """),
        Valid("""\
            import xml.sax
            from flask import request
            def count(handler):
                xml.sax.parseString(request.data, handler)
            """),
        Valid("""\
            from defusedxml import sax
            from flask import request
            def count():
                parser = sax.make_parser()
                parser.parse(request.files["doc"])
            """),
        Valid("""\
            from lxml import etree
            def events(request):
                return [el.tag for _, el in etree.iterparse(request.FILES["doc"], resolve_entities=False)]
            """),
    ]
    INVALID = [
        Invalid("""\
            from lxml import etree
            def feed(request):
                doc = etree.fromstring(request.body)
                return doc
            """, 3),
        Invalid("""\
            from xml.dom import minidom
            from xml.sax import make_parser
            from xml.sax.handler import feature_external_ges
            import sys
            parser = make_parser()
            parser.setFeature(feature_external_ges, True)
            dom = minidom.parse(sys.stdin, parser=parser)
            """, 7),
        Invalid("""\
            import xmltodict
            from flask import request
            def parse(text):
                return xmltodict.parse(text)
            def api():
                return parse(request.get_data())
            """, 4),
        Invalid("""\
            from lxml import etree
            LOOSE = etree.XMLParser(load_dtd=True, resolve_entities=True)
            def feed(request):
                return etree.parse(request.FILES["feed"], LOOSE).getroot()
            """, 4),
        Invalid("""\
            from lxml import etree
            from flask import request
            def parser():
                return etree.XMLParser(no_network=False)
            def upload():
                return etree.fromstring(request.data, parser=parser()).tag
            """, 6),
        Invalid("""\
            import xml.sax
            from fastapi import FastAPI, UploadFile
            app = FastAPI()
            @app.post("/count")
            async def count(doc: UploadFile):
                reader = xml.sax.make_parser()
                reader.setFeature("http://xml.org/sax/features/external-general-entities", True)
                reader.parse(doc.file)
            """, 8),
        Invalid("""\
            from lxml import etree
            def events(request):
                return [el.tag for _, el in etree.iterparse(request.FILES["doc"])]
            """, 3),
    ]
