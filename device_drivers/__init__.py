"""Device drivers: the edge of the terminal.

One package per device, each with a pure codec, a transport-facing client and a
simulator that speaks the real protocol. Drivers import only the standard
library and their own device library, never ``app``, ``sync`` or Qt.
"""
