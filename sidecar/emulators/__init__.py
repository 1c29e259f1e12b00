"""Local stand-ins for external systems (Exact Online, shop REST APIs) used in tests."""
