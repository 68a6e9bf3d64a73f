"""Suite-wide settings: no display here, so Qt renders offscreen everywhere."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.support.file_modes import permissive_umask  # noqa: F401  (a fixture for every test)
