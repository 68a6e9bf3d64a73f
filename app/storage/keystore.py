"""The handheld's key store: what seals the secrets the store keeps (the sync identity).

:class:`Keystore` is the port: ``seal``/``open`` with a context (associated data) that
binds a sealed value to what it is for. This platform has no OS key store (no Secret
Service, no TPM), so :class:`SoftwareKeystore` implements it in software:

- a random 256-bit key in a file *outside* the data folder and the database (default
  ``<home>/keystore/terminal.key``, setting ``keystore_file``), 0600 in a 0700 folder,
  created on the first seal;
- when the handheld has a security module, a secret the module derives for this purpose
  is mixed in (``module_secret``): the sealing key is then
  ``HKDF-SHA256(file key || module secret, info=purpose)``, and a sealed value opens only
  with both the key file and the same module.

Sealed form: version ``0x01`` | binding (``0`` file key only, ``1`` file key + module) |
key id (4) | nonce (12) | AES-256-GCM ciphertext + tag. A value sealed with the file key
alone still opens when a module has been configured since, and :meth:`is_current` tells
the caller to seal it again (bound to the module). A copy of the database without the
key file, or without the module it was bound to, opens nothing: :class:`KeystoreError`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.storage.errors import StorageError
from app.storage.files import private_dir, private_file

log = logging.getLogger(__name__)
VERSION = 0x01
FILE_ONLY, WITH_MODULE = 0, 1
_HEADER = 1 + 1 + 4 + 12
_PURPOSE = {FILE_ONLY: b"meterfield handheld key store v1: file key",
            WITH_MODULE: b"meterfield handheld key store v1: file key + security module"}


def default_path(home: Path) -> Path:
    """Where the key file lives unless a setting says otherwise (``Settings.keystore_path``)."""
    return home / "keystore" / "terminal.key"


class KeystoreError(StorageError):
    """A sealed secret does not open here: the key store is missing or is not the one that sealed it
    (a database copied to another device, a lost key file, another security module)."""

    code = "keystore"
    zh = "本终端的密钥库缺失或不符：请让管理员重新注册本终端"

    @property
    def message_zh(self) -> str:
        return self.zh


class Keystore(Protocol):
    """Seals small secrets for the store; only this handheld's key store opens them again."""

    def seal(self, plaintext: bytes, context: bytes) -> bytes:
        """``plaintext`` sealed, bound to ``context`` (what the value is, e.g. whose identity)."""

    def open(self, sealed: bytes, context: bytes) -> bytes:
        """The plaintext; raises :class:`KeystoreError` if it was not sealed here for ``context``."""

    def is_current(self, sealed: bytes) -> bool:
        """False when :meth:`seal` would now seal differently (e.g. bound to a new security module)."""


class SoftwareKeystore:
    """The key store in software: a key file, and the security module's secret when there is one."""

    def __init__(self, key_file: Path, module_secret: bytes | None = None) -> None:
        self.key_file = key_file
        self._module_secret = module_secret

    def __repr__(self) -> str:
        bound = "with the security module" if self._module_secret else "file key only"
        return f"SoftwareKeystore({str(self.key_file)!r}, {bound})"

    @property
    def binding(self) -> int:
        return WITH_MODULE if self._module_secret else FILE_ONLY

    def seal(self, plaintext: bytes, context: bytes) -> bytes:
        key = self._key(self.binding, create=True)
        nonce = os.urandom(12)
        header = bytes([VERSION, self.binding]) + _key_id(key) + nonce
        return header + AESGCM(key).encrypt(nonce, plaintext, header[:6] + context)

    def open(self, sealed: bytes, context: bytes) -> bytes:
        if len(sealed) < _HEADER + 16 or sealed[0] != VERSION or sealed[1] not in _PURPOSE:
            raise KeystoreError("a sealed secret in the local database is damaged: enrol this handheld again")
        key = self._key(sealed[1], create=False)
        if sealed[2:6] != _key_id(key):
            raise KeystoreError(f"this handheld's key store ({self._describe(sealed[1])}) is not the one "
                                "that sealed its identity: ask the administrator to enrol it again")
        try:
            return AESGCM(key).decrypt(sealed[6:_HEADER], sealed[_HEADER:], sealed[:6] + context)
        except InvalidTag:
            raise KeystoreError("a sealed secret in the local database is damaged or belongs to another "
                                "handheld: ask the administrator to enrol this one again") from None

    def is_current(self, sealed: bytes) -> bool:
        return len(sealed) > 1 and sealed[1] == self.binding

    def _describe(self, binding: int) -> str:
        return f"{self.key_file}" + (" and the security module" if binding == WITH_MODULE else "")

    def _key(self, binding: int, *, create: bool) -> bytes:
        material = self._file_key(create=create)
        if binding == WITH_MODULE:
            if not self._module_secret:
                raise KeystoreError("this handheld's identity is bound to a security module, and none "
                                    "is configured: set security_module back, or ask the administrator to "
                                    "enrol the handheld again")
            material += self._module_secret
        return HKDF(hashes.SHA256(), 32, salt=None, info=_PURPOSE[binding]).derive(material)

    def _file_key(self, *, create: bool) -> bytes:
        try:
            text = self.key_file.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            if not create:
                raise KeystoreError(f"this handheld's key store {self.key_file} is missing: ask the "
                                    "administrator to enrol it again") from None
            return self._create()
        except (OSError, UnicodeDecodeError) as exc:
            raise KeystoreError(f"this handheld's key store {self.key_file} cannot be read ({exc}): ask "
                                "the administrator") from None
        try:
            key = bytes.fromhex(text)
        except ValueError:
            key = b""
        if len(key) != 32:
            raise KeystoreError(f"this handheld's key store {self.key_file} is damaged: ask the "
                                "administrator to enrol it again")
        private_file(self.key_file)  # tightened (and logged) if it was open to others
        return key

    def _create(self) -> bytes:
        """A new key, written whole to a private temporary file, then linked into place (so no one
        ever reads half a key; if another thread or process got there first, theirs is used)."""
        key = secrets.token_bytes(32)
        tmp = self.key_file.with_name(f".{self.key_file.name}.{os.getpid()}.{secrets.token_hex(4)}")
        try:
            private_dir(self.key_file.parent)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(key.hex() + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            os.link(tmp, self.key_file)
        except FileExistsError:
            return self._file_key(create=False)
        except OSError as exc:
            raise KeystoreError(f"this handheld's key store {self.key_file} cannot be created ({exc})"
                                ) from None
        finally:
            tmp.unlink(missing_ok=True)
        log.info("created this handheld's key store %s", self.key_file)
        return key


def _key_id(key: bytes) -> bytes:
    return hashlib.sha256(b"meterfield key store key id\0" + key).digest()[:4]
