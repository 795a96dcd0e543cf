"""Runtime rules run once per image a buildspec runs on: the project's and each batch task's own."""

from __future__ import annotations

from speclint.diagnostics import Diagnostic


class PerImage:
    """Mixin for the runtime rules: `check` asks `check_image(doc, image)` for every image of
    runtimes.choose_images (the project's image, or None, and each batch task's `env.image`),
    names the batch task in findings that come from a batch image ("on aws/codebuild/standard:4.0
    (batch task x86)"), and drops a finding repeated word for word by two tasks on one image."""

    def check(self, doc):
        from speclint import runtimes

        seen: set = set()
        for choice in runtimes.choose_images(doc):
            image = choice.image if choice is not None else None
            for d in self.check_image(doc, image):
                if choice is not None and choice.source == "batch":
                    label = f"{choice.why}, line {choice.origin[0]}"
                    shown = image.id or choice.name
                    message = (d.message.replace(shown, f"{shown} ({label})", 1) if shown in d.message
                               else f"{d.message} (on {shown}: {label})")
                    d = Diagnostic(d.path, d.span, d.code, d.name, d.severity, message, d.hint, d.json_path, d.extra)
                if (d.span, d.message) in seen:
                    continue
                seen.add((d.span, d.message))
                yield d

    def check_image(self, doc, image):
        raise NotImplementedError
