"""Is an XML parser built to resolve entities or load DTDs? The condition behind the ``xml-parser``
sink check (:func:`scanner.checks.dataflow.sink_checks._check_xml`).

Python's own parsers (``xml.etree``, ``minidom``, ``pulldom``, ``xml.sax``: expat underneath) do not
fetch external entities: ``xml.sax`` only when a parser's ``feature_external_ges``/``_pes`` is turned
on (off by default since Python 3.7.1), and expat 2.4.1+ limits entity expansion. Their calls are
sinks only in a file that turns that feature on (:func:`stdlib_safe`; the file, not the parser
object: a known limit).

Takes the walker and the expression passed as ``parser=`` to ``lxml.etree.fromstring``/``XML``/
``parse`` (or the ``iterparse`` call itself, which takes the same options); answers True when
that parser is built with an option that turns a protection off: ``resolve_entities=True``,
``load_dtd=True``, ``no_network=False``, ``huge_tree=True``, ``dtd_validation=True`` or
``attribute_defaults=True``. The expression is followed through names (``PARSER = XMLParser(...)``
anywhere in the file) and calls of the module's own functions (``parser=make_parser()``: what
their ``return`` statements build). A parser built elsewhere, or with options given by variables,
is not known to be unsafe: the caller treats it as hardened (see DF009's known limits).
"""

from __future__ import annotations

import re
from typing import Any

import libcst as cst

from scanner.checks.dataflow.cstwalk import call_arg
from scanner.checks.dataflow.names import bound_values

PARSER_CLASSES = frozenset({"lxml.etree.XMLParser", "lxml.etree.XMLPullParser",
                            "lxml.etree.ETCompatXMLParser"})
# option -> the literal value that disables a protection
UNSAFE_OPTIONS = {"resolve_entities": "True", "load_dtd": "True", "no_network": "False", "huge_tree": "True",
                  "dtd_validation": "True", "attribute_defaults": "True"}
_DEPTH = 4
# parser.setFeature(feature_external_ges, True) / ("http://xml.org/sax/features/external-general-entities", 1)
_EXTERNAL_ON = re.compile(r"setFeature\(\s*(?:[\w.]*feature_external_[gp]es|['\"]http://xml\.org/sax/features/"
                          r"external-(?:general|parameter)-entities['\"])\s*,\s*(?:True|1)\s*\)")


def stdlib_safe(text: str, qn: frozenset[str], typed: bool) -> bool:
    """A call of Python's own XML parsers (or a method of a parser ``xml.sax.make_parser()`` made:
    ``typed``) in a file that never turns external entities on."""
    return (typed or any(q.startswith("xml.") for q in qn)) and not _EXTERNAL_ON.search(text)


def unsafe_options(call: cst.Call) -> bool:
    """A call whose keyword arguments switch a protection off (``resolve_entities=True``...)."""
    return any(_option(call, name) == value for name, value in UNSAFE_OPTIONS.items())


def lxml_hardened(w: Any, call: cst.Call, qn: frozenset[str]) -> bool:
    """An lxml parse call that is not a sink: ``iterparse(..., resolve_entities=False)``, or an
    explicit parser not known to be built unsafe (assumed hardened: see DF009's known limits)."""
    if not any(q.startswith("lxml.") for q in qn):
        return False
    if any(q.endswith(".iterparse") for q in qn):  # iterparse takes the parser's options itself
        return not unsafe_options(call) and _option(call, "resolve_entities") == "False"
    parser = call_arg(call, "parser", 1)
    return parser is not None and not unsafe_parser(w, parser)


def _option(call: cst.Call, name: str) -> str | None:
    """The literal ``True``/``False``/``None`` passed as keyword ``name``."""
    for a in call.args:
        if a.keyword is not None and a.keyword.value == name and isinstance(a.value, cst.Name):
            return a.value.value
    return None


def unsafe_parser(w: Any, node: cst.CSTNode | None, depth: int = 0) -> bool:
    if node is None or depth > _DEPTH:
        return False
    if isinstance(node, cst.Call):
        if w.fa.qnames(node.func) & PARSER_CLASSES:
            return unsafe_options(node)
        local = w.resolve_local(node.func)
        return local is not None and any(unsafe_parser(w, r, depth + 1) for r in _returns(local[0]))
    return any(unsafe_parser(w, v, depth + 1) for v in bound_values(w.fa, node))


def _returns(fn: cst.FunctionDef) -> list[cst.BaseExpression]:
    """The values fn's own ``return`` statements give (not those of functions nested in it)."""
    out: list[cst.BaseExpression] = []

    class V(cst.CSTVisitor):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is fn

        def visit_Lambda(self, node: cst.Lambda) -> bool:
            return False

        def visit_Return(self, node: cst.Return) -> None:
            if node.value is not None:
                out.append(node.value)

    fn.visit(V())
    return out
