"""Rules about speclint's own `# speclint:` comments (reported by speclint.suppress)."""

from __future__ import annotations

from speclint.diagnostics import Severity
from speclint.rules.base import Rule


class InvalidSuppression(Rule):
    """A `# speclint:` comment that speclint cannot understand.

    What it does:
    Reports suppression comments with an unknown rule code or name, or an unknown directive,
    and suggests the closest valid one.

    Why it matters:
    A misspelt code suppresses nothing, so the finding it was meant to silence keeps
    failing the build - or, worse, the author believes a real problem was reviewed.

    Example:
    ```yaml
    phases:
      biuld:  # speclint: ignore[B01] we know
    ```

    Use instead:
    ```yaml
    phases:
      build:  # speclint: ignore[B001] reason
    ```

    References:
    - README, "Suppressing findings"
    """

    code = "C001"
    name = "invalid-suppression"
    severity = Severity.ERROR
    summary = "a `# speclint:` comment with an unknown code or directive"
    stage = "suppressions"


class UnusedSuppression(Rule):
    """A suppression comment that suppressed nothing.

    What it does:
    Reports `# speclint: ignore[...]` comments whose rules found nothing on the line (or in
    the file) they cover. Only rules that ran are considered.

    Why it matters:
    Stale suppressions hide the next real problem on that line and mislead readers.

    Example:
    ```yaml
    version: 0.2  # speclint: ignore[S005]
    ```

    Use instead:
    Remove the comment, or move it to the line the finding is on.

    Fix safety:
    Safe: AWS never reads speclint's comments. The fix removes the unused code from the
    list, or the whole directive when nothing in it is used (with its line when it stands on
    a line of its own); the author's words after the directive stay as a comment, as ruff's
    RUF100 keeps them (`# speclint: ignore[B010] see ticket` -> `# see ticket`). Codes of
    rules that did not run are left alone.

    References:
    - ruff's RUF100 (unused-noqa) does the same for Python
    """

    code = "C002"
    name = "unused-suppression"
    severity = Severity.WARNING
    summary = "a suppression comment that suppressed nothing"
    stage = "suppressions"
    fix_safety = "safe"

