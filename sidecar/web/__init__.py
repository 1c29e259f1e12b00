"""HTTP surfaces, one blueprint each: the plugin API, health and metrics (later OAuth, hooks)."""
