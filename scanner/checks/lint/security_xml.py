"""XML parsers: PY040 xml-unsafe-parse (opt-in), PY044 xml-external-entities-enabled (libcst +
QualifiedNameProvider, keyword-prefiltered)."""

from __future__ import annotations

import libcst

from scanner.checks.lint._pyast import CallRule, is_name, kwarg, string_value
from scanner.rule import Invalid, Valid


_XML = {
    **{f"xml.etree.{m}.{f}": "S314" for m in ("ElementTree", "cElementTree")
       for f in ("parse", "iterparse", "fromstring", "XML", "XMLParser", "fromstringlist")},
    **{f"xml.dom.minidom.{f}": "S318" for f in ("parse", "parseString")},
    **{f"xml.dom.pulldom.{f}": "S319" for f in ("parse", "parseString")},
    **{f"xml.sax.{f}": "S317" for f in ("parse", "parseString", "make_parser")},
    **{f"xml.dom.expatbuilder.{f}": "S316" for f in ("parse", "parseString")},
    **{f"xml.etree.ElementTree.{f}": "S313" for f in ("XMLTreeBuilder",)},
}


class XmlUnsafeParse(CallRule):
    """## What it does
    Reports parsing with the standard library's XML modules (`xml.etree.ElementTree`,
    `xml.dom.minidom`, `xml.dom.pulldom`, `xml.sax`, `xml.dom.expatbuilder`). Opt-in
    (`--extend-select PY040`), for projects that parse untrusted XML on old Expat builds or that
    want bandit's B313-B319 behaviour.

    ## Why is this bad?
    Mostly it is not, on a current Python. None of these parsers resolves external entities or
    fetches a DTD unless told to (`xml.sax` since Python 3.7.1; `etree` and `minidom` never did):
    that is what PY044 reports. What is left is denial of service on *untrusted* input when the
    interpreter links an old Expat: entity expansion ("billion laughs", fixed in Expat 2.4.1) and
    other blow-ups fixed in later Expat releases (check `pyexpat.EXPAT_VERSION`), CWE-776.
    `defusedxml` forbids entity declarations altogether, whatever the Expat version.

    ## Example
    ```python
    tree = ElementTree.fromstring(request.body)
    ```

    ## Use instead
    ```python
    from defusedxml import ElementTree
    tree = ElementTree.fromstring(request.body)
    ```

    ## Known limits
    The rule cannot tell trusted files (your own configuration, a test's own output) from
    untrusted input, and does not know the Expat version the code will run with: it is an opt-in
    note. On the real-world benchmark all 43 of its findings were on trusted data (tests parsing
    their own output, a parser already defused): that is why it is out of the default rule set.
    """

    code = "PY040"
    name = "xml-unsafe-parse"
    level = "note"
    enabled_by_default = False
    summary = "XML parsed with a standard-library parser (use defusedxml for untrusted data)"
    modules = ("xml",)
    keywords = ("xml",)
    cwe = (776,)  # external entities (CWE-611) are PY044's and DF009's: stdlib parsers do not resolve them
    security_severity = 5.3
    precision = "low"
    tags = ("security",)
    equivalents = ("ruff:S313", "ruff:S314", "ruff:S316", "ruff:S317", "ruff:S318", "ruff:S319",
                   "bandit:B313", "bandit:B314", "bandit:B316", "bandit:B317", "bandit:B318", "bandit:B319")
    VALID = [Valid("from defusedxml import ElementTree\nElementTree.fromstring(body)\n")]
    INVALID = [Invalid("from xml.dom import minidom\ndoc = minidom.parseString(body)\n", 2),
               Invalid("import xml.etree.ElementTree as ET\nET.fromstring(body)\n", 2)]

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        hit = sorted(n for n in names if n in _XML)
        if hit:
            self.report(node, f"`{hit[0]}` on untrusted XML can exhaust memory with an old Expat (entity "
                              "expansion); defusedxml forbids entity declarations",
                        properties={"bandit": "B" + _XML[hit[0]][1:]})


_EXTERNAL_FEATURES = {"xml.sax.handler.feature_external_ges", "xml.sax.handler.feature_external_pes"}
_EXTERNAL_URIS = {"http://xml.org/sax/features/external-general-entities",
                  "http://xml.org/sax/features/external-parameter-entities"}


class XmlExternalEntities(CallRule):
    """## What it does
    Reports XML parsers told to resolve external entities: `parser.setFeature(feature_external_ges,
    True)` (or `feature_external_pes`, or their feature URIs) on an `xml.sax` parser, and
    `lxml.etree.XMLParser(resolve_entities=True)`.

    ## Why is this bad?
    An external entity (`<!ENTITY x SYSTEM "file:///etc/passwd">`) in a document the parser reads
    makes it open local files or URLs and paste them into the result: XML external entity
    injection (CWE-611), file disclosure and server-side request forgery. The standard-library
    parsers do not do this unless the feature is switched on, so switching it on is the finding,
    whatever the input (DF009 reports untrusted input reaching a parser that is not hardened).

    ## Example
    ```python
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_external_ges, True)
    ```

    ## Use instead
    ```python
    parser = xml.sax.make_parser()  # external entities stay off (the default)
    ```
    """

    code = "PY044"
    name = "xml-external-entities-enabled"
    level = "error"
    summary = "XML parser set to resolve external entities"
    modules = ("xml", "lxml")
    keywords = ("setFeature", "resolve_entities")
    cwe = (611,)
    security_severity = 7.5
    tags = ("security",)
    VALID = [Valid("import xml.sax\np = xml.sax.make_parser()\n"
                   "p.setFeature(xml.sax.handler.feature_external_ges, False)\n"),
             Valid("from lxml import etree\np = etree.XMLParser(resolve_entities=False)\n")]
    INVALID = [Invalid("import xml.sax\nfrom xml.sax.handler import feature_external_ges\n"
                       "p = xml.sax.make_parser()\np.setFeature(feature_external_ges, True)\n", 4),
               Invalid("import xml.sax\np = xml.sax.make_parser()\np.setFeature(\n"
                       "    'http://xml.org/sax/features/external-general-entities', 1)\n", 3),
               Invalid("from lxml import etree\np = etree.XMLParser(resolve_entities=True)\n", 2)]

    def visit_Call(self, node: libcst.Call) -> None:
        func = node.func
        if isinstance(func, libcst.Attribute) and func.attr.value == "setFeature" and len(node.args) >= 2:
            feature, on = node.args[0].value, node.args[1].value
            if (self.qualified(feature) & _EXTERNAL_FEATURES or string_value(feature) in _EXTERNAL_URIS) \
                    and _truthy(on):
                self.report(node, "XML parser set to resolve external entities (XXE); leave the feature off")
            return
        super().visit_Call(node)

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        if "lxml.etree.XMLParser" in names and is_name(kwarg(node, "resolve_entities"), "True"):
            self.report(node, "`XMLParser(resolve_entities=True)` resolves external entities (XXE)")


def _truthy(node: libcst.BaseExpression) -> bool:
    return is_name(node, "True") or (isinstance(node, libcst.Integer) and node.value not in ("0",))
