"""The domain: pure Python shared by the terminal and the central server.

Entities, work-order state machines, validation and comparison rules. Standard
library only (enforced by import-linter); mypy strict.
"""
