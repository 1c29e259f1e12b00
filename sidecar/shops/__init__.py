"""Shops: registered webshop installations, their secrets, credentials and settings."""
