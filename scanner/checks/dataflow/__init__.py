"""Data-flow family (DF...): untrusted input reaching dangerous sinks, with SARIF code flows."""
