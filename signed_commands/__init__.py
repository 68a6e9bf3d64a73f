"""The signed-command format: the one definition both the handheld's drivers and the server speak.

The central system signs what will reach a meter or a card; the handheld verifies it before
any byte goes to a device. Both ends encode and decode the same bytes, so the format lives
here, importing neither side (no ``app``, ``device_drivers``, ``sync`` or ``server``):

- :mod:`.envelope`: the signed envelope (kind, key id, validity window, body, Ed25519 signature);
- :mod:`.kinds`: the kinds the centre signs, their lifetimes, and revocations;
- :mod:`.authorisation`: per-task meter authorisations (with their wrapped task keys);
- :mod:`.credit_token`: credit tokens for customer cards;
- :mod:`.cipher`: the block-cipher primitives (SM4 standing in for SM1) those payloads are defined with;
- :mod:`.errors`: :class:`~.errors.CommandError` and its subclasses.

The body of a TLS pin announcement (kind :data:`.kinds.TLS_PINS`) is the sync wire's
(:mod:`sync.tls_trust`), which both ends already share.
"""
