"""What every speclint command shares about its ending: the exit codes, whether a stream
gets colour, and quieting standard output when its reader has gone."""

from __future__ import annotations

import os
import sys

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


def silence_stdout() -> None:
    """Point standard output at /dev/null: the reader is gone, and Python would otherwise
    complain about the unflushed rest when it exits."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
