"""How much the server reads and decompresses on each route, decided before any work.

The body limit is checked on ``Content-Length`` before a byte of the body is read
(:func:`body_limit`); the message limit bounds what the body may decompress to
(:func:`sync.protocol.decompress`). Enrolment is the only device route that is open
without credentials: its limits are a few kilobytes, so an outsider can make the
server read and inflate at most that much per request.
"""

from __future__ import annotations

from sync.protocol import CHUNK_SIZE, MAX_BATCH, PATH_ATTACHMENT, PATH_ENROL, PATH_SYNC, PATH_TASK_REQUEST

KIB = 1024
MIB = 1024 * KIB
# An EnrolRequest is about 60 bytes compressed: a code of at most 64 characters, a name of
# at most 100 (at most 4 UTF-8 bytes each), the version.
ENROL_BODY = ENROL_MESSAGE = 4 * KIB
# A TaskRequest: ids and numbers, a note of at most 500 characters.
TASK_BODY = TASK_MESSAGE = 8 * KIB
# A full batch of large mutations, compressed (as before); decompressed, the largest legitimate
# batch: 500 mutations of 32 KiB on average (a reading is about 300 bytes, a long job's result
# with its GPS trail about 150 KB).
SYNC_BODY = MAX_BATCH * 16 * KIB
SYNC_MESSAGE = 16 * MIB
CHUNK_BODY = CHUNK_SIZE  # one attachment chunk, nothing more
JSON_BODY = 64 * KIB  # administration and monitoring: small JSON objects
# A marketing-system import batch (administrators only; read whole, like a sync batch, before its
# signature is checked): a day's work of a large utility, thousands of rows of about 400 bytes.
IMPORT_BODY = 8 * MIB
PATH_IMPORT = "/v1/admin/import"
PATH_ATTACHMENT_PREFIX = PATH_ATTACHMENT.split("{", 1)[0]  # "/v1/attachments/"
_EXACT = {PATH_SYNC: SYNC_BODY, PATH_ENROL: ENROL_BODY, PATH_TASK_REQUEST: TASK_BODY,
          PATH_IMPORT: IMPORT_BODY}


def body_limit(path: str) -> int:
    """The most bytes a request body to ``path`` may declare."""
    if path in _EXACT:
        return _EXACT[path]
    if path.startswith(PATH_ATTACHMENT_PREFIX):
        return CHUNK_BODY
    return JSON_BODY


def declared_length(header: str) -> int | None:
    """The value of a Content-Length header, or None when it is absent or not a plain number."""
    if not header or len(header) > 18 or not (header.isascii() and header.isdigit()):
        return None
    return int(header)
