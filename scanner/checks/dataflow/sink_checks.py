"""Conditions of sinks, by the name a spec entry gives in ``check`` (spec.CHECKS): a sink call only
counts when its condition holds (``subprocess.run(cmd, shell=True)``, ``yaml.load`` without a safe
loader, an HTML response, a parser that resolves external entities...). Each takes the walker, the
call, the sink and the value that reaches it, and returns the part of the value that still counts."""

from __future__ import annotations

import re
from typing import Any

import libcst as cst

from scanner.checks.dataflow import names, objects
from scanner.checks.dataflow.cstwalk import call_arg, statements
from scanner.checks.dataflow.flow import Value
from scanner.checks.dataflow.guards import literal
from scanner.checks.dataflow.spec import SinkSpec
from scanner.checks.dataflow.syntax import dotted
from scanner.checks.dataflow.xml_parsers import lxml_hardened, stdlib_safe

_SHELLS = {"sh", "bash", "/bin/sh", "/bin/bash", "zsh", "cmd", "cmd.exe", "powershell", "pwsh"}
_LOGGER = re.compile(r"(?i)(^|[._])(log|logger|logging|_log|log_|\w*_logger|logger_\w*)$")


def _is_false(node: cst.BaseExpression) -> bool:
    return (isinstance(node, cst.Name) and node.value in ("False", "None")) or (
        isinstance(node, cst.Integer) and node.value == "0"
    )


def _check_subprocess(w: Any, call: cst.Call, sink: SinkSpec, value: Value) -> Value:
    shell = call_arg(call, "shell")
    first = call_arg(call, "args", 0)
    if shell is not None and not _is_false(shell):
        # with a shell, a list's first element is the command line; the others become the shell's
        # own positional parameters ($0, $1...) and are not run
        return tuple(t for t in value if t.shape != "item") if isinstance(first, (cst.List, cst.Tuple)) else value
    if _list_head(w, first) in _SHELLS:
        return value  # ["sh", "-c", cmd], ["sh", "-c"] + [line], cmd = ["sh", "-c"]; cmd.append(line)
    return tuple(t for t in value if t.shape != "item")


def _list_head(w: Any, node: cst.BaseExpression | None) -> str | None:
    """The literal first item of a list argument (``["sh", "-c"] + rest``; a name bound once)."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return _list_head(w, node.left)
    if isinstance(node, (cst.List, cst.Tuple)) and node.elements:
        return literal(node.elements[0].value)
    return w.consts.heads.get(node.value) if isinstance(node, cst.Name) else None


def _check_yaml(w: Any, call: cst.Call, sink: SinkSpec, value: Value) -> Value:
    loader = call_arg(call, "Loader", 1)
    if loader is not None and re.search(r"(Safe|Base)Loader$", dotted(loader) or w.fa.code(loader)):
        return ()
    return value


def _check_path_receiver(w: Any, call: cst.Call, sink: SinkSpec, value: Value) -> Value:
    """``Path(name).read_text()``; an uploaded file's own ``.open()`` is not a path."""
    return tuple(t for t in value if "files" not in t.origin.what.lower() and "upload" not in t.origin.what.lower())


def _check_upload_save(w: Any, call: cst.Call, sink: SinkSpec, value: Value) -> Value:
    """``upload.save(dst)`` of an uploaded file (werkzeug FileStorage); a model field's
    ``save(name, content)`` cleans the name through its storage and is not a sink."""
    if call_arg(call, "dst", 0) is None or not isinstance(call.func, cst.Attribute):
        return ()
    receiver = w.expr(call.func.value)
    return value if any("files" in t.origin.what.lower() for t in receiver) else ()


def _check_html_response(w: Any, call: cst.Call, sink: SinkSpec, value: Value) -> Value:
    """An HTML response unless its content type is a literal that is not HTML: a keyword, or the
    ``Content-Type`` of a headers dict literal (``make_response(body, 200, {"Content-Type": ...})``)."""
    ctype = call_arg(call, "content_type") or call_arg(call, "mimetype") or call_arg(call, "media_type")
    for a in call.args:
        if ctype is None and isinstance(a.value, cst.Dict):
            ctype = next((el.value for el in a.value.elements if isinstance(el, cst.DictElement)
                          and (literal(el.key) or "").lower() == "content-type"), None)
    if ctype is not None:
        text = _media_type(ctype)
        if text is not None and "html" not in text:
            return ()
    return value


def _media_type(node: cst.BaseExpression) -> str | None:
    """The media type a content type expression fixes: a literal, or the literal text before a
    ``;`` that parameters are filled into (``"text/plain; charset=%s" % cs``, f-strings, ``+``)."""
    text = literal(node)
    if text is not None:
        return text
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Modulo, cst.Add)):
        head = literal(node.left)
    elif isinstance(node, cst.FormattedString) and node.parts and isinstance(node.parts[0], cst.FormattedStringText):
        head = node.parts[0].value
    else:
        head = None
    return head.split(";", 1)[0] if head is not None and ";" in head else None


def _check_xml(w: Any, call: cst.Call, sink: SinkSpec, value: Value) -> Value:
    qn = w.fa.qnames(call.func)
    return () if stdlib_safe(w.fa.text, qn, bool(sink.types)) or lxml_hardened(w, call, qn) else value


def _check_logger(w: Any, call: cst.Call, sink: SinkSpec, value: Value) -> Value:
    func = call.func
    if not isinstance(func, cst.Attribute):
        return ()
    receiver = dotted(func.value)
    return value if receiver and _LOGGER.search(receiver) else ()


def _check_tornado_write(w: Any, call: cst.Call, sink: SinkSpec, value: Value) -> Value:
    """``self.write(chunk)`` in a method of a Tornado request handler: not a dict (sent as JSON), and
    the handler's methods set no Content-Type that is not HTML with a literal."""
    func = call.func
    if not (isinstance(func.value, cst.Name) and func.value.value == "self" and objects.handler_class(w)):
        return ()
    chunk = call_arg(call, "chunk", 0)
    chunks = names.bound_values(w.fa, chunk) or [chunk]
    if all(isinstance(c, (cst.Dict, cst.DictComp)) or (isinstance(c, cst.Call) and dotted(c.func) == "dict")
           for c in chunks):
        return ()
    for fn in (w.fn, *w.fa.methods.get(w.cls, {}).values()):
        for node in statements(fn.body.body if isinstance(fn.body, cst.IndentedBlock) else ()):
            set_call = node.value if isinstance(node, cst.Expr) else None
            if (isinstance(set_call, cst.Call) and isinstance(set_call.func, cst.Attribute)
                    and set_call.func.attr.value in ("set_header", "add_header") and len(set_call.args) >= 2
                    and (literal(set_call.args[0].value) or "").lower() == "content-type"):
                media = _media_type(set_call.args[1].value)
                if media is not None and "html" not in media:
                    return ()
    return value


CHECKS = {
    "subprocess": _check_subprocess,
    "yaml-loader": _check_yaml,
    "path-receiver": _check_path_receiver,
    "upload-save": _check_upload_save,
    "html-response": _check_html_response,
    "xml-parser": _check_xml,
    "logger-receiver": _check_logger,
    "tornado-write": _check_tornado_write,
}
