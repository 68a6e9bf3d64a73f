"""The customer's prepaid card and the meter's RFID tag, through a PC/SC reader.

Layers (STYLE.md): :mod:`.pcsc_reader` is the raw binding (the only module that
imports pyscard) and implements the :class:`~.apdu.CardChannel` port;
:mod:`.apdu` and :mod:`.status` are the pure APDU codec and status-word check
chain; :mod:`.files` encodes the card's files; :mod:`.user_card` speaks to a
user card over any channel; :mod:`.operations` are the technician's operations
(open, write, recharge, repair) built on the pure decision in :mod:`.repair`.
:mod:`.virtual_card` is the card itself, for tests and the demo.
"""
