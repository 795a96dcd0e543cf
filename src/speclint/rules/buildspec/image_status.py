"""Where a finding about the image itself goes: on its `# speclint: image=` comment if any."""

from __future__ import annotations

from speclint.diagnostics import Span


def image_span(doc, choice=None) -> Span:
    """Where the image was named: a batch task's `image:` value, the `# speclint: image=` comment, else 1:1."""
    chosen = doc.context.image_choice
    origin = choice.origin if choice is not None and choice.origin else chosen.origin if chosen is not None else None
    if origin:
        line, column, end = origin
        return Span(line, column, line, end)
    return Span(1, 1, 1, 1)


def image_source(doc, choice=None) -> str:
    """Why this image: `--image`, the file's comment (with its line), the configuration entry or a batch task."""
    from speclint import runtimes

    choice = choice or runtimes.choice_of(doc)
    return choice.why if choice is not None else "--image or the configuration"
