"""Helpers shared by the test suite (started services, free ports)."""
