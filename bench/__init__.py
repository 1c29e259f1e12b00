"""Benchmarks: scripts that print figures (results in docs/benchmarks.md)."""
