"""The infrared meter driver: DL/T 645-2007 over the handheld's IR port.

Layers (each usable alone):

- :mod:`.frame`, :mod:`.control`, :mod:`.protocol`: the pure codec (frames,
  control byte, request builders, abnormal replies as named errors);
- :mod:`.di_table`, :mod:`.values`, :mod:`.timeformats`: the data-identifier
  table and value formats (Decimal for energy and money);
- :mod:`.session`: one exchange as a sans-io state machine (retries, resync,
  follow-up frames); :mod:`.plan`: fewest line turns for a list of items;
- :mod:`.client`: the I/O over a transport chosen by URL (1200 bps 8E1);
- :mod:`.secure`: IR / identity authentication and protected writes through the
  handheld security module (:mod:`device_drivers.security.meter_ops`);
- :mod:`.simulator`: a prepaid meter with an ESAM behind a pty.
"""

from device_drivers.meter.client import ItemError, LineTiming, MeterClient
from device_drivers.meter.errors import MeterError
from device_drivers.meter.protocol import Reading

__all__ = ["ItemError", "LineTiming", "MeterClient", "MeterError", "Reading"]
