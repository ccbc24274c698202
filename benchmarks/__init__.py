"""Synthetic corpus generator and the store benchmark (see docs/performance.md)."""
