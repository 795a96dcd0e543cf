"""What every speclint command shares about its ending: the exit codes, whether a stream
gets colour (standard output's failures: speclint.stdio)."""

from __future__ import annotations

import os

EXIT_OK, EXIT_FINDINGS, EXIT_FAILURE, EXIT_INTERRUPTED = 0, 1, 2, 130


def use_color(choice: str, stream) -> bool:
    """`--color` auto/always/never for `stream`: NO_COLOR and FORCE_COLOR are honoured, else a terminal gets colour."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()
