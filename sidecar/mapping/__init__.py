"""Mappings: the admin-editable lookups from shop values to Exact codes, and their validation."""
