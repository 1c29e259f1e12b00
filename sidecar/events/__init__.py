"""Inbound events: validated, persisted once per (shop, id), then handed to a queue."""
