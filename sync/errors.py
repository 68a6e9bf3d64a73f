"""The errors of the sync package, each with a stable ``code`` the UI translates.

``str(err)`` is an English message a technician can act on; ``err.code`` is a
short stable identifier (for a refusal from the server it is the server's own
code, e.g. ``"revoked"``, ``"code_used"``); ``err.message_zh`` is the Chinese
message for that code (the English text when there is none). The UI picks the
message by class or ``code``, never by parsing the text.
"""

from __future__ import annotations

# Chinese texts by code: the server's refusal codes and the client's own.
MESSAGES_ZH: dict[str, str] = {
    "sync_failed": "同步失败，请稍后重试",
    "protocol": "无法读取服务器的应答，请升级应用",
    "auth": "服务器拒绝了本终端，可能需要重新注册",
    "network": "无法连接服务器，请检查网络后重试",
    "server_unavailable": "服务器暂时不可用，稍后自动重试",
    "certificate_mismatch": "服务器证书与注册时的不一致，请联系管理员",
    "bad_code": "注册码无效，请向管理员申请新的注册码",
    "code_used": "注册码已被使用，请向管理员申请新的注册码",
    "code_expired": "注册码已过期，请向管理员申请新的注册码",
    "revoked": "本终端已被管理员停用",
    "unknown_device": "本终端尚未注册，请用管理员提供的注册码注册",
    "bad_signature": "请求签名不符，请重新注册本终端",
    "clock": "终端时间与服务器相差太大，请校准日期和时间",
    "replay": "请求重复，请重试",
    "insecure": "注册需要服务器的 https 地址和证书指纹，请向管理员索取",
    "not_enrolled": "本终端尚未注册，请扫描管理员提供的注册二维码",
    "bad_link": "这不是有效的注册二维码，请扫描管理员打印的注册二维码",
    "link_version": "注册二维码的版本较新，请先升级应用",
    "link_not_https": "注册二维码中的服务器地址不是 https，请联系管理员",
    "local_storage": "本机数据库出错，同步暂停，稍后自动重试；如持续出现请联系管理员",
    "storage_full": "本机存储空间已满：请先同步，再删除旧照片释放空间",
    # the sync status's line about quarantined outbox rows ({n}: how many)
    "damaged_reported": "{n} 条损坏记录已上报中心",
    "damaged_waiting": "{n} 条损坏记录将在下次同步时上报中心",
}


class SyncError(Exception):
    """Sync could not complete; ``str(err)`` says why in words a technician can act on."""

    code: str = "sync_failed"

    def __init__(self, message: str = "", *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message_zh(self) -> str:
        """The Chinese message for :attr:`code` (the English one if none is known)."""
        return MESSAGES_ZH.get(self.code) or str(self)


class ProtocolError(SyncError):
    """A message could not be decoded, is outside the protocol's ranges, or has the wrong version."""

    code = "protocol"


class MessageTooLargeError(ProtocolError):
    """A message is (or declares to be) larger than its receiver accepts (the server answers 413)."""


class VersionError(ProtocolError):
    """A message of another protocol version (the server answers 426: update the application)."""


class AuthError(SyncError):
    """The server refused this device's credentials (not enrolled, revoked, or tampered).

    ``code`` is the server's refusal code when it sent one: ``"revoked"``,
    ``"unknown_device"``, ``"bad_signature"``, ``"clock"``, ``"replay"``."""

    code = "auth"


class EnrolmentError(AuthError):
    """The server refused the enrolment code: ``code`` is ``"bad_code"`` (unknown),
    ``"code_used"`` or ``"code_expired"``."""

    code = "bad_code"


class PinningError(AuthError):
    """The server's certificate is not the one this terminal pins (``code`` "certificate_mismatch")."""

    code = "certificate_mismatch"


class NetworkError(SyncError):
    """The link failed (refused, cut, timed out, server unreachable); retrying later may work."""

    code = "network"


class LocalStoreError(SyncError):
    """The terminal's own database failed while syncing (nothing was lost; the cycle is retried).

    ``code`` is ``"storage_full"`` when the disk is full, else ``"local_storage"``; the message
    never carries the database's own text (that goes to the log)."""

    code = "local_storage"
