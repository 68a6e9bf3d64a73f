"""The virtual customer card and RFID tag: pure card state machines and a vpcd client.

:mod:`.state` is the card's EEPROM (serialisable to JSON, kept in a file so a
card "in the drawer" keeps its balance between runs); :mod:`.machine` is the
card's operating system (APDU in, response out, no I/O); :mod:`.tag` is a
contactless tag; :mod:`.vpcd` connects either to vsmartcard's vpcd reader
driver inside pcscd, as the card, and can "pull the card out" after N APDUs.
"""
