"""A simulated single-phase prepaid smart meter (DL/T 645-2007 + ESAM) behind a real pty.

:class:`~.server.MeterSimulator` owns the pty and paces the line;
:class:`~.meter.SimulatedMeter` answers frames (pure); :mod:`.esam` does the
security; :mod:`.state` persists; :mod:`.faults` injects link faults;
:mod:`.keys` holds the demo-only key material.
"""
