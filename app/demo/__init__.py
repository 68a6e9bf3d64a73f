"""Demo mode: the central server, the device simulators and the sync runner in one process.

What a newcomer starts with one command (``make run``). The terminal's code is
the field code; only the far ends are simulators, which the drivers cannot tell
from hardware.
"""
