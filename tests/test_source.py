"""The source stage: decoding never fails, and every parser's positions become the same Region."""

from __future__ import annotations

import ast

import libcst
from libcst.metadata import MetadataWrapper, PositionProvider

from scanner.model import Region
from scanner.parsing import parse_ts
from scanner.source import Source, looks_binary

# "é" is 2 bytes in UTF-8 and "😀" 4 bytes: byte columns and code-point columns differ after them.
TEXT = 'x = "é😀"; token = call()\n'


def _src(text: str = TEXT, path: str = "a.py") -> Source:
    return Source.from_bytes(path, text.encode("utf-8"))


def test_all_parsers_agree_on_the_region_of_call():
    src = _src()
    col = TEXT.index("call()") + 1  # 1-based code points
    expected = Region(1, col, 1, col + len("call()"))

    call_ast = next(n for n in ast.walk(ast.parse(TEXT)) if isinstance(n, ast.Call))
    assert src.region_from_ast(call_ast) == expected

    tree = parse_ts(src)
    node = tree.root_node
    stack = [node]
    while stack:
        node = stack.pop()
        if node.type == "call":
            break
        stack.extend(node.children)
    assert src.region_from_ts(node) == expected

    wrapper = MetadataWrapper(libcst.parse_module(TEXT))
    positions = wrapper.resolve(PositionProvider)
    call_cst = next(n for n in positions if isinstance(n, libcst.Call))
    assert src.region_from_cst(positions[call_cst]) == expected

    start = TEXT.index("call()")
    assert src.region_from_offsets(start, start + 6) == expected


def test_offsets_on_later_lines():
    src = _src("a\nbé\nc = 1\n")
    assert src.position_of(0) == (1, 1)
    assert src.position_of(4) == (2, 3)
    assert src.position_of(5) == (3, 1)
    assert src.offset_of(3, 1) == 5


def test_decoding_bom_pep263_and_lossless_fallback():
    assert Source.from_bytes("a.txt", b"\xef\xbb\xbfhello").text == "hello"
    latin = "# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n".encode("latin-1")
    src = Source.from_bytes("a.py", latin)
    assert src.encoding == "iso-8859-1" and "café" in src.text
    broken = b"key = 'ghp_" + b"\xff\xfe" + b"'\n"
    src = Source.from_bytes("a.txt", broken)
    assert src.encoding == "latin-1" and src.text.encode("latin-1") == broken  # every byte survives


def test_binary_sniffing():
    assert looks_binary(b"\x00\x01\x02")
    assert not looks_binary("plain text é".encode())
    assert not looks_binary("text".encode("utf-16"))


def test_python_shebang_without_extension_is_python():
    assert Source.from_bytes("bin/tool", b"#!/usr/bin/env python3\nprint(1)\n").language == "python"


def test_newer_python_syntax_is_not_a_syntax_error(tmp_path):
    from tests.conftest import run_cli, write

    write(tmp_path, {"a.py": 'name = "w"\nprint(f"{"nested"} {name!r}")\ntype P = tuple[int, int]\n'})
    run = run_cli("scan", str(tmp_path), "--format", "json")
    assert run.code == 0
    assert run.json()["findings"] == [] and run.json()["notifications"] == []
