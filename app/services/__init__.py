"""Use cases: plain Python that drives drivers and storage (no Qt)."""
