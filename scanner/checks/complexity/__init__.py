"""Complexity family (CX...): nested-loop order O(n^k), cyclomatic complexity, maintainability."""
