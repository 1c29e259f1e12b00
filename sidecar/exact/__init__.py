"""Exact Online: connections, OAuth, the HTTP client and resources."""
