"""A progress line on standard error for runs that take a while (rich, imported only then).

Shown only when standard error is a terminal, the run was not asked to be quiet (`-q`),
and the run has already taken longer than DELAY seconds: a typical pre-commit run
finishes well before that and never imports rich. The line is transient: it is erased
when the run ends, so the report is all that stays.
"""

from __future__ import annotations

import os
import time
from typing import Optional

DELAY = 1.0  # seconds before the line appears
_REFRESH = 0.1  # seconds between updates


class Progress:
    def __init__(self, total: int, stream, enabled: bool = True, clock=time.monotonic):
        self.total = total
        self.stream = stream
        self.clock = clock
        self.started = clock()
        self.done = 0
        self.enabled = enabled and total > 1 and _terminal(stream)
        self._bar = None
        self._task = None
        self._shown_at = 0.0

    def advance(self, path: str, count: int = 1) -> None:
        self.done += count
        self._update(os.path.basename(path))

    def stage(self, description: str) -> None:
        """A stage after linting (ShellCheck): the bar stays full, the label changes."""
        self._update(description, force=True)

    def shellcheck(self, done: int, total: int) -> None:
        """The ShellCheck phase: `done` of `total` scripts checked. Called every few
        milliseconds while ShellCheck runs, so the line (and its elapsed time) keeps moving
        and appears once the run passes DELAY even when linting itself was quick."""
        self._update(f"ShellCheck: {done:,} of {total:,} scripts", counts=(done, total))

    def _update(self, label: str, force: bool = False, counts: Optional[tuple] = None) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now - self.started < DELAY or (not force and now - self._shown_at < _REFRESH):
            return
        self._shown_at = now
        if self._bar is None:
            self._start()
        done, total = counts or (self.done, self.total)
        self._bar.update(self._task, completed=done, total=total, description=label)
        self._bar.refresh()

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn

        console = Console(file=self.stream, force_terminal=True)
        self._bar = Bar(TextColumn("speclint"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        TextColumn("{task.description}"), console=console, transient=True, auto_refresh=False)
        self._bar.start()
        self._task = self._bar.add_task("", total=self.total)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    @property
    def shown(self) -> bool:
        return self._bar is not None


def _terminal(stream) -> bool:
    if os.environ.get("TERM") == "dumb" or os.environ.get("CI"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def for_run(total: int, stream, quiet: bool = False) -> Optional[Progress]:
    return Progress(total, stream, enabled=not quiet)
