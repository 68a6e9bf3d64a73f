"""The handheld's store as the settings describe it: owner-only folders, and its key store.

The key store (:mod:`app.storage.keystore`) is a key file outside the data folder and the
database (``Settings.keystore_path``). When a security module is set, the key store is bound
to it as well: the module gives a secret derived for this one purpose (HKDF-SHA256 over its
key material, with a label no other use shares), so the identity opens only on a handheld
with the same module. The software module (``soft:KEYFILE``) derives it from its transport
key; a hardware module would derive it inside the module, and nothing else would change.

The demo goes through here too: it is only another set of settings.
"""

from __future__ import annotations

import logging

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.settings import Settings
from app.storage.attachments import AttachmentStore
from app.storage.db import Store, open_store
from app.storage.files import private_dir
from app.storage.keystore import SoftwareKeystore
from app.terminal.devices import transport_key
from device_drivers.errors import DeviceError

log = logging.getLogger(__name__)
MODULE_PURPOSE = b"meterfield security module: handheld key store wrap key v1"


def handheld_keystore(settings: Settings) -> SoftwareKeystore:
    """The key store for ``settings``: the key file, bound to the security module if one is set."""
    return SoftwareKeystore(settings.keystore_path, module_secret(settings.security_module))


def module_secret(setting: str) -> bytes | None:
    """The security module's secret for the key store (None: no module, or it cannot be read now;
    an identity bound to it then does not open, and says so)."""
    if not setting:
        return None
    try:
        material = transport_key(setting)
    except DeviceError as exc:
        log.error("the key store is not bound to the security module: %s", exc)
        return None
    return HKDF(hashes.SHA256(), 32, salt=None, info=MODULE_PURPOSE).derive(material)


def open_terminal_store(settings: Settings) -> Store:
    """The handheld's store: home, data and attachments folders owner-only; secrets sealed by its
    key store."""
    private_dir(settings.home)
    private_dir(settings.data_dir)
    store = open_store(settings.db_path, handheld_keystore(settings))
    private_dir(AttachmentStore(store, settings.data_dir).root)
    return store
