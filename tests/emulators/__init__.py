"""Tests of the local stand-ins for external systems."""
