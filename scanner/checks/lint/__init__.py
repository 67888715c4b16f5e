"""Lint family (PY...): correctness and security lint for Python; tree-sitter lint for others."""
