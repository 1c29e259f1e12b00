"""exact-sidecar: self-hosted connector between webshops and Exact Online."""
