"""Where a finding about the image itself goes: on its `# speclint: image=` comment if any."""

from __future__ import annotations

from speclint.diagnostics import Span


def image_span(doc) -> Span:
    origin = doc.settings.get("image_origin")
    if origin:
        line, column, end = origin
        return Span(line, column, line, end)
    return Span(1, 1, 1, 1)


def image_source(doc) -> str:
    """Why this image: `--image`, the file's comment (with its line) or the configuration entry."""
    from speclint import runtimes

    choice = runtimes.choice_of(doc)
    return choice.why if choice is not None else "--image or the configuration"
