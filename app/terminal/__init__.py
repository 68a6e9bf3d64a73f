"""The terminal put together from Settings: store, devices, sync, workflows (no Qt).

The same code builds the field terminal and the demo: the demo only supplies
addresses (simulators on ptys, a virtual card behind pcscd, the embedded server).
"""

# Devices a terminal may have, in the order the status strip shows them.
DEVICES = ("meter", "scanner", "camera", "printer", "card", "gps")
