"""Flows: each package moves one kind of entity between a shop and Exact Online.

``orders/``, ``customers/``, ``pushback/`` and ``history/`` are the flows; beside them sit what
they share: ``links`` (the only writer of links), ``cursors`` (positions periodic jobs resume
from) and ``documents/`` (pure builders of Exact documents).
"""
