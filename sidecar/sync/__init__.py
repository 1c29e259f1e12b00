"""Flows: each module moves one kind of entity between a shop and Exact Online."""
