"""Offline sign-in on the handheld: a technician's PIN (or badge) checked against the hash the
centre sent, with a lock-out after :data:`MAX_FAILURES` consecutive wrong PINs.

Who may sign in: the users of this handheld's team, which is the team of the user who
enrolled it (``DeviceIdentity.team_id``, from the enrolment answer). A terminal enrolled by
someone of no team (an administrator's or the metering centre's desktop) is that person's
own: only they sign in on it. The hashes are argon2id
PHC strings made by the server (``server.pins``); verifying one costs about 19 MiB and
a few tens of milliseconds, so call these off the GUI thread. A lock-out is stored and
survives a restart; it ends when a supervisor of the same team resets it with their own PIN
(:func:`reset_lockout`), or when the centre sends the user a new PIN.

Every error is a :class:`SignInError` with a stable ``code`` (the UI translates by it), an
English message (``str(err)``) and a Chinese one (``err.message_zh``).
"""

from __future__ import annotations

from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.domain.credentials import normalise_badge, pin_problem
from app.domain.entities import Role, User
from app.services.errors import ServiceError
from app.storage import sign_in as repo
from app.storage.db import Store
from app.storage.sync_state import DeviceIdentity, SyncState

MAX_FAILURES = 5  # consecutive wrong PINs before the user is locked out
_HASHER = PasswordHasher()  # verification reads the parameters from each hash


class SignInError(ServiceError):
    """Sign-in refused; ``code`` says why (stable), ``message_zh`` in Chinese."""

    code = "sign_in_failed"
    zh = "无法登录"

    @property
    def message_zh(self) -> str:
        return self.zh


class NotEnrolledError(SignInError):
    code = "not_enrolled"
    zh = "本终端尚未注册，请先扫描注册二维码"


class UnknownUserError(SignInError):
    code = "unknown_user"
    zh = "本终端不认识该用户，请先同步"


class NotThisTeamError(SignInError):
    code = "not_this_team"
    zh = "该用户不属于本终端的班组，不能在本终端登录"


class NoPinError(SignInError):
    code = "no_pin"
    zh = "该用户尚未设置登录密码，请联系管理员设置后同步"


class WrongPinError(SignInError):
    """A wrong PIN; ``attempts_left`` more before the lock-out."""

    code = "wrong_pin"

    def __init__(self, message: str, attempts_left: int) -> None:
        super().__init__(message)
        self.attempts_left = attempts_left

    @property
    def message_zh(self) -> str:
        return f"密码错误，还可以再试 {self.attempts_left} 次"


class LockedOutError(SignInError):
    """Too many wrong PINs: only a supervisor of the team can unlock (``locked_at``: ISO time)."""

    code = "locked_out"
    zh = "密码错误次数过多，账户已锁定，请班长解锁"

    def __init__(self, message: str, locked_at: str) -> None:
        super().__init__(message)
        self.locked_at = locked_at


class UnknownBadgeError(SignInError):
    code = "unknown_badge"
    zh = "无法识别该工牌，请改用密码登录"


class NotSupervisorError(SignInError):
    code = "not_supervisor"
    zh = "只有本班组的班长可以解锁"


def handheld_team(store: Store) -> str:
    """The team whose members may sign in here, "" for a teamless person's own terminal (raises
    :class:`NotEnrolledError`)."""
    return _identity(store).team_id


def _identity(store: Store) -> DeviceIdentity:
    identity = SyncState(store).identity()
    if identity is None:
        raise NotEnrolledError("this handheld is not enrolled yet: scan the enrolment code first")
    return identity


def team_members(store: Store) -> list[User]:
    """The users who may sign in on this handheld (for the sign-in list), by id."""
    identity = _identity(store)
    if not identity.team_id:
        own = repo.credentials(store, identity.user_id)
        return [own.user] if own is not None else []
    return [c.user for c in repo.team_credentials(store, identity.team_id)]


def attempts_left(store: Store, user_id: str) -> int:
    """Wrong PINs ``user_id`` may still enter before the lock-out (0 when locked)."""
    state = repo.failures(store, user_id)
    return 0 if state.locked else max(0, MAX_FAILURES - state.count)


def _member(store: Store, user_id: str) -> repo.Credentials:
    identity = _identity(store)
    found = repo.credentials(store, user_id)
    if found is None:
        raise UnknownUserError(f"this handheld does not know user {user_id}: sync, or check the id")
    if not identity.team_id and user_id != identity.user_id:
        raise NotThisTeamError(f"{found.user.name} ({user_id}) may not sign in on {identity.user_id}'s own "
                               "terminal (it belongs to no team)")
    if identity.team_id and found.user.team_id != identity.team_id:
        raise NotThisTeamError(f"{found.user.name} ({user_id}) is not in this handheld's team")
    return found


def _matches(phc: str, secret: str) -> bool:
    try:
        return _HASHER.verify(phc, secret)
    except (VerificationError, InvalidHashError):
        return False


def verify(store: Store, user_id: str, pin: str, *, now: datetime) -> User:
    """The user, if ``pin`` is theirs and they may sign in here; a success clears their failures.

    Raises :class:`NotEnrolledError`, :class:`UnknownUserError`, :class:`NotThisTeamError`,
    :class:`NoPinError`, :class:`LockedOutError` (nothing is checked while locked) or
    :class:`WrongPinError` (counted; the :data:`MAX_FAILURES`-th locks the user). A PIN that
    is not 4-8 digits is refused as wrong without counting: it cannot be anyone's."""
    found = _member(store, user_id)
    if not found.pin_hash:
        raise NoPinError(f"{found.user.name} has no PIN yet: ask the administrator to set one, then sync")
    state = repo.failures(store, user_id)
    if state.locked:
        raise LockedOutError(f"{found.user.name} is locked out after {MAX_FAILURES} wrong PINs: "
                             "a supervisor of the team must unlock", state.locked_at)
    if pin_problem(pin):
        raise WrongPinError(f"wrong PIN ({pin_problem(pin)})", MAX_FAILURES - state.count)
    if _matches(found.pin_hash, pin):
        if state.count:
            repo.clear_failures(store, user_id)
        return found.user
    state = repo.record_failure(store, user_id, at=now.isoformat(), limit=MAX_FAILURES)
    if state.locked:
        raise LockedOutError(f"wrong PIN: {found.user.name} is now locked out; a supervisor of the "
                             "team must unlock", state.locked_at)
    left = MAX_FAILURES - state.count
    raise WrongPinError(f"wrong PIN: {left} attempt{'s' if left != 1 else ''} left", left)


def verify_badge(store: Store, badge: str, *, now: datetime) -> User:
    """The team member whose badge barcode is ``badge`` (raises :class:`UnknownBadgeError`).

    A locked-out user cannot sign in with their badge either (:class:`LockedOutError`).
    Badge failures are not counted: a wrong badge names no one. ``now`` is for symmetry
    with :func:`verify` (and a future badge audit)."""
    value = normalise_badge(badge)
    if value:
        for found in repo.team_credentials(store, handheld_team(store)):
            if found.badge_hash and _matches(found.badge_hash, value):
                state = repo.failures(store, found.user.user_id)
                if state.locked:
                    raise LockedOutError(f"{found.user.name} is locked out: a supervisor of the team "
                                         "must unlock", state.locked_at)
                return found.user
    raise UnknownBadgeError("this badge is not known on this handheld: sign in with your PIN")


def reset_lockout(store: Store, supervisor_id: str, supervisor_pin: str, user_id: str, *,
                  now: datetime) -> None:
    """Unlock ``user_id`` (clear their failed attempts), on a supervisor's PIN.

    The supervisor must be of this handheld's team, their PIN is checked (and counted) as
    in :func:`verify`, and ``user_id`` must be of the same team. Raises what :func:`verify`
    raises for the supervisor, :class:`NotSupervisorError`, or the errors of a bad
    ``user_id`` (:class:`UnknownUserError`, :class:`NotThisTeamError`)."""
    supervisor = verify(store, supervisor_id, supervisor_pin, now=now)
    if supervisor.role is not Role.SUPERVISOR:
        raise NotSupervisorError(f"{supervisor.name} is not a supervisor: only the team's supervisor "
                                 "can unlock")
    _member(store, user_id)
    repo.clear_failures(store, user_id)
