"""What day it is. One seam, so tests and demos can freeze time.

`FLOORTRACK_TODAY=YYYY-MM-DD` pins "today" for a whole process (CLI tests, snapshots,
screenshots); it is read at call time, never at import.
"""

from __future__ import annotations

import os
from datetime import date


def today() -> date:
    pinned = os.environ.get("FLOORTRACK_TODAY", "").strip()
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            pass  # a bad pin is ignored rather than breaking every command
    return date.today()
