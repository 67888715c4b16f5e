"""Source stage: bytes -> decoded text + line index, and the one place that converts positions.

Takes a file's bytes and returns a :class:`Source`. Decoding never fails: PEP 263 for Python,
UTF-8 with or without BOM, and a lossless Latin-1 fallback so that every byte still reaches the
secrets path. All parser positions (libcst, tree-sitter, ``ast``, regex offsets) become SARIF
regions here and nowhere else.
"""

from __future__ import annotations

import bisect
import codecs
import io
import re
import tokenize
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath

from scanner.model import Region

BINARY_SNIFF = 8192
_LONE_CR = re.compile(r"\r(?!\n)")

# File name -> language. Text files with no language still get the text (secrets) path.
EXTENSIONS = {
    ".py": "python",
    ".pyi": "python",
    ".pyw": "python",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".go": "go",
    ".java": "java",
    ".kt": "kotlin",
    ".kts": "kotlin",
    ".php": "php",
    ".cs": "csharp",
    ".rb": "ruby",
    ".rake": "ruby",
    ".gemspec": "ruby",
}


# Files known by their name alone: the Ruby DSLs of Bundler, Vagrant, Rake, CocoaPods, fastlane...
NAMES = {name: "ruby" for name in ("gemfile", "vagrantfile", "rakefile", "podfile", "guardfile", "capfile",
                                   "brewfile", "fastfile", "appfile", "berksfile", "dangerfile")}


def language_for(path: str, head: bytes = b"") -> str | None:
    pure = PurePosixPath(path)
    suffix = pure.suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    if not suffix and pure.name.lower() in NAMES:
        return NAMES[pure.name.lower()]
    if not suffix and head.startswith(b"#!") and b"python" in head.split(b"\n", 1)[0]:
        return "python"
    return None


# Binary files that are read anyway: key stores that the secret rules open (SEC007).
BINARY_SECRET_SUFFIXES = frozenset({".p12", ".pfx"})


def reads_binary(path: str) -> bool:
    return PurePosixPath(path).suffix.lower() in BINARY_SECRET_SUFFIXES


# Text whatever bytes it holds: a NUL byte in one of these is an accident or an attack ("make the file
# binary so nobody scans it"), never a reason to skip it.
TEXT_SUFFIXES = frozenset({
    *EXTENSIONS, ".txt", ".md", ".rst", ".env", ".ini", ".cfg", ".conf", ".toml", ".yaml", ".yml", ".json",
    ".xml", ".properties", ".sh", ".bash", ".zsh", ".ps1", ".bat", ".cmd", ".rb", ".php", ".cs", ".kt", ".kts",
    ".scala", ".rs", ".c", ".h", ".cc", ".cpp", ".hpp", ".swift", ".m", ".sql", ".tf", ".tfvars", ".hcl", ".gradle",
    ".html", ".htm", ".css", ".scss", ".vue", ".svelte", ".pem", ".key", ".crt", ".cer", ".csv", ".tsv", ".ipynb",
    ".lock", ".dockerfile", ".npmrc", ".pypirc", ".netrc", ".pgpass", ".htpasswd",
})


TEXT_NAMES = frozenset({*NAMES, "dockerfile", "makefile", ".env", ".npmrc", ".pypirc", ".netrc", ".pgpass", "id_rsa", "id_ed25519"})


def utf16_without_bom(head: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when ``head`` looks like UTF-16 text without a BOM (mostly
    ASCII: every other byte is NUL), else None."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    odd_nul, even_nul = head[1::2].count(0), head[0::2].count(0)
    if odd_nul >= 0.6 * pairs and even_nul <= 0.05 * pairs:
        return "utf-16-le"
    if even_nul >= 0.6 * pairs and odd_nul <= 0.05 * pairs:
        return "utf-16-be"
    return None


_TEXT_BYTES = bytes(range(0x20, 0x7f)) + b"\t\n\r\f\b\x1b"
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\r\f\b\x1b") + b"\x7f"


def looks_binary(data: bytes, path: str = "") -> bool:
    """A NUL in the first 8 KiB makes a file binary unless it is UTF-16, or it has a text suffix
    and the rest of the head is text: NULs planted in a source or config file (or padding it with
    them) must not make it "binary, not scanned". The bytes other than NUL are judged: mostly
    printable ASCII, or valid UTF-8 with few control bytes (an ELF renamed ``.py`` stays binary)."""
    head = data[:BINARY_SNIFF]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False  # UTF-16 text has NULs but is text
    if b"\x00" not in head:
        return False
    if utf16_without_bom(head):
        return False
    p = PurePosixPath(path)
    if p.suffix.lower() not in TEXT_SUFFIXES and p.name.lower() not in TEXT_NAMES:
        return True  # gettext catalogs (.mo), archives, images...: binary formats that hold text too
    rest = head.replace(b"\x00", b"")
    if not rest:
        return False
    texty = len(rest) - len(rest.translate(None, _TEXT_BYTES))
    if texty >= 0.9 * len(rest):
        return False
    controls = len(rest) - len(rest.translate(None, _CONTROL_BYTES))
    if controls > 0.1 * len(rest):
        return True
    try:
        rest[:-4].decode("utf-8")  # the cut may split a character at the end
        return False
    except UnicodeDecodeError:
        return True


def decode(data: bytes, language: str | None) -> tuple[str, str]:
    """Return (text, encoding name). Never raises."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    elif b"\x00" in data[:BINARY_SNIFF]:
        guess = utf16_without_bom(data[:BINARY_SNIFF])
        if guess:
            try:
                return data[:len(data) // 2 * 2].decode(guess), guess
            except UnicodeDecodeError:
                pass
    if language == "python":
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
            if encoding not in ("utf-8", "utf-8-sig"):
                return data.decode(encoding), encoding
        except (SyntaxError, LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


@dataclass(frozen=True)
class Source:
    """One decoded file. ``path`` is POSIX and relative to the scan root."""

    path: str
    data: bytes
    text: str
    encoding: str
    language: str | None
    sha256: str = ""
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_bytes(cls, path: str, data: bytes, language: str | None = None, sha256: str = "") -> Source:
        lang = language if language is not None else language_for(path, data[:128])
        text, encoding = decode(data, lang)
        if "\r" in text:  # a lone CR ends a line for ast and libcst but not for tree-sitter or our index:
            text = _LONE_CR.sub("\n", text)  # make it LF (same length, so offsets still match the file)
        return cls(path=path, data=data, text=text, encoding=encoding, language=lang, sha256=sha256)

    @cached_property
    def line_starts(self) -> list[int]:
        starts = [0]
        find = self.text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        return starts

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @cached_property
    def utf8(self) -> bytes:
        """The text as UTF-8: what tree-sitter parses, so its byte columns refer to this."""
        return self.text.encode("utf-8", errors="surrogatepass")

    def line_text(self, line: int) -> str:
        lines = self.lines
        return lines[line - 1] if 1 <= line <= len(lines) else ""

    # ----- the one place positions are converted -------------------------------------------

    def position_of(self, offset: int) -> tuple[int, int]:
        """Character offset -> (1-based line, 1-based code-point column)."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def region_from_offsets(self, start: int, end: int) -> Region:
        sl, sc = self.position_of(start)
        el, ec = self.position_of(max(start, end))
        return Region(sl, sc, el, ec)

    def offset_of(self, line: int, column: int) -> int:
        """(1-based line, 1-based column) -> character offset."""
        return self.line_starts[line - 1] + column - 1

    def region_from_cst(self, code_range) -> Region:
        """libcst ``CodeRange``: 1-based lines, 0-based code-point columns."""
        s, e = code_range.start, code_range.end
        return Region(s.line, s.column + 1, e.line, e.column + 1)

    def _byte_col_to_char(self, line: int, byte_col: int) -> int:
        text = self.line_text(line)
        if text.isascii():
            return byte_col + 1
        return len(text.encode("utf-8", errors="surrogatepass")[:byte_col].decode("utf-8", errors="ignore")) + 1

    def region_from_ts(self, node) -> Region:
        """tree-sitter node: 0-based rows, UTF-8 byte columns."""
        (sr, sc), (er, ec) = node.start_point, node.end_point
        return Region(
            sr + 1,
            self._byte_col_to_char(sr + 1, sc),
            er + 1,
            self._byte_col_to_char(er + 1, ec),
        )

    def region_from_ast(self, node) -> Region:
        """``ast`` node: 1-based lines, UTF-8 byte column offsets."""
        end_line = getattr(node, "end_lineno", None) or node.lineno
        end_col = getattr(node, "end_col_offset", None)
        return Region(
            node.lineno,
            self._byte_col_to_char(node.lineno, node.col_offset),
            end_line,
            self._byte_col_to_char(end_line, end_col) if end_col is not None else None,
        )

    def region_for_line(self, line: int) -> Region:
        return Region(line, 1, line, len(self.line_text(line)) + 1)

    def snippet(self, region: Region, max_chars: int = 200) -> str:
        end = region.end_line or region.start_line
        text = "\n".join(self.line_text(n) for n in range(region.start_line, min(end, region.start_line + 4) + 1))
        return text[:max_chars]
