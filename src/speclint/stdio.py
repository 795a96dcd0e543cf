"""Standard input and output for every command: the one guarded writer and the one reader.

`guarded(command)` runs a command (check, rules, rule, schema, lifecycle, explain, --help,
--show-settings, --list-files ...) with `sys.stdout` replaced by a `GuardedStdout`, so every
write of every command fails the same way:

- standard output closed at start (`speclint rules >&-`): one line, exit 2;
- a write that fails (`>/dev/full`: ENOSPC, EIO, EBADF ...): one line naming standard
  output and why, exit 2;
- the reader closed the pipe (`speclint rules | head -1`): quiet, exit 0, as Unix tools do;
- standard input closed (`speclint - <&-`) for the commands that read it: one line, exit 2.

A failure is a `StreamFailure`, a BaseException, so that no `except Exception` on the way
(the check's last line of defence, click's own EPIPE handling, which exits 1) takes it for a
bug or swallows it: only `guarded()` (and the check's report writer, which names what was
lost, cli.runner._destination) handles it.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Callable, Optional

EXIT_OK, EXIT_FAILURE = 0, 2


class StreamFailure(BaseException):
    """A standard stream could not be used. `stream` is "standard output" or "standard input";
    `reason` says why (strerror); `closed` means it was closed at start; `reader_gone` that the
    reader of standard output closed the pipe (not an error)."""

    def __init__(self, stream: str, reason: str, closed: bool = False, reader_gone: bool = False):
        super().__init__(f"{stream}: {reason}")
        self.stream, self.reason, self.closed, self.reader_gone = stream, reason, closed, reader_gone

    def message(self, what: str = "the output", instead: str = "") -> str:
        """One line for standard error (`what`: what was lost, e.g. "the report"; `instead`:
        what the command offers instead, e.g. "use -o FILE")."""
        if self.stream == "standard input":
            return f"{self.stream} is {self.reason}; nothing was read (pipe a file in, or give its path)" \
                if self.closed else f"cannot read {self.stream}: {self.reason}; nothing was checked"
        if self.closed:
            return f"standard output is closed; {what} was not written" + (f" ({instead})" if instead else "")
        return f"cannot write standard output: {self.reason}; {what} is incomplete"


def _failure(exc: OSError) -> StreamFailure:
    if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
        return StreamFailure("standard output", "the reader closed the pipe", reader_gone=True)
    return StreamFailure("standard output", exc.strerror or str(exc), closed=exc.errno == errno.EBADF)


class GuardedStdout:
    """`sys.stdout` while a command runs: the real stream (or None when it was closed at start),
    whose write and flush failures are StreamFailures. Everything else is the real stream's."""

    def __init__(self, stream):
        self._stream = stream

    def _real(self):
        if self._stream is None:
            raise StreamFailure("standard output", "closed", closed=True)
        return self._stream

    def write(self, text) -> int:
        stream = self._real()
        try:
            return stream.write(text)
        except OSError as exc:
            raise _failure(exc) from None

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as exc:
            raise _failure(exc) from None
        except ValueError:  # flushed after it was closed: nothing is left to write
            pass

    def isatty(self) -> bool:
        try:
            return self._stream is not None and self._stream.isatty()
        except (OSError, ValueError):
            return False

    def fileno(self) -> int:
        return self._real().fileno()

    @property
    def buffer(self) -> "_GuardedBuffer":
        """The binary stream under it (a diff of files in any encoding), guarded the same way."""
        return _GuardedBuffer(self._real().buffer)

    @property
    def real(self):
        """The stream it guards (None when closed at start): for a command that owns standard
        output as a transport (the language server), not as a report."""
        return self._stream

    def __getattr__(self, name):
        return getattr(self._real(), name)


class _GuardedBuffer:
    """GuardedStdout.buffer: write and flush failures are StreamFailures."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, data) -> int:
        try:
            return self._stream.write(data)
        except OSError as exc:
            raise _failure(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise _failure(exc) from None

    def __getattr__(self, name):
        return getattr(self._stream, name)


def read_stdin(limit: int) -> bytes:
    """At most `limit` bytes of standard input. Raises StreamFailure when it is closed or unreadable."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise StreamFailure("standard input", "closed", closed=True)
    try:
        return stream.read(limit)
    except OSError as exc:
        raise StreamFailure("standard input", exc.strerror or str(exc), closed=exc.errno == errno.EBADF) from None


def read_stdin_text() -> str:
    """All of standard input as text (UTF-8, undecodable bytes replaced). Raises StreamFailure."""
    return read_stdin(-1).decode("utf-8", "replace")


def silence_stdout() -> None:
    """Point standard output's descriptor at /dev/null: the reader is gone (or the disk full),
    and Python would otherwise complain about the unflushed rest when it exits."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass


def guarded(command: Callable[[], Optional[int]]) -> int:
    """Run `command` with the guarded standard output; return its exit code (SystemExit's code,
    None as 0), or the code of a stream failure (see the module docstring)."""
    real = sys.stdout
    sys.stdout = GuardedStdout(real if not isinstance(real, GuardedStdout) else real._stream)
    try:
        try:
            code = command()
        except SystemExit as exc:
            code = exc.code
        sys.stdout.flush()
    except StreamFailure as exc:
        if exc.stream == "standard output" and not exc.closed:
            silence_stdout()
        if exc.reader_gone:
            return EXIT_OK
        sys.stderr.write(f"speclint: {exc.message()}\n")
        return EXIT_FAILURE
    finally:
        sys.stdout = real
    if code is None:
        return EXIT_OK
    if not isinstance(code, int):
        sys.stderr.write(f"{code}\n")
        return EXIT_FAILURE
    return code
