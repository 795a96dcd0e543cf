from speclint.diagnostics import Severity
from speclint.fix import UNSAFE, Fix, edit, source_of, value_start
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.buildspec.artifact_paths import file_lists, patterns


class ArtifactPathPrefix(Rule):
    """An artifacts or reports `files` entry that starts with `./` or `/`.

    What it does:
    Reports `files` entries of `artifacts`, `secondary-artifacts` and report groups that
    begin with `./` or `/`. These paths are matched relative to the source root (or to
    `base-directory`).

    Why it matters:
    A leading `./` or `/` is a classic reason for `CLIENT_ERROR: no matching artifact paths
    found` or an empty report group; absolute paths do not name the build's files at all.

    Example:
    ```yaml
    artifacts:
      files:
        - ./dist/**/*
    ```

    Use instead:
    ```yaml
    artifacts:
      files:
        - dist/**/*
    ```

    Fix safety:
    Unsafe, for `./` only: the fix removes the leading `./`. Whether CodeBuild matches
    `./dist/**/*` is not documented (that it does not is the inference behind this
    warning); if it does not, the fix makes files upload that were not uploaded before. A
    leading `/` has no fix: an absolute path may name a file outside the build on purpose;
    nor has `.//x`, which without its `./` would be the absolute path `/x`.

    References:
    - `CLIENT_ERROR Message: no matching artifact paths found`
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.artifacts.files
    """

    code = "B023"
    name = "artifact-path-prefix"
    severity = Severity.WARNING
    summary = "an artifacts or reports files entry that starts with ./ or /"
    applies_to = BUILDSPEC
    prevents = "CLIENT_ERROR: no matching artifact paths found"
    fix_safety = "unsafe"

    def check(self, doc):
        for prefix, section in file_lists(doc):
            for index, node in patterns(section):
                value = node.value.strip()
                if value.startswith("./") or (value.startswith("/") and not value.startswith("//")):
                    fixed = value[2:] if value.startswith("./") else value.lstrip("/")
                    where = "relative to the source root" if "base-directory" not in section else "relative to base-directory"
                    yield self.report(doc, node, f'files entry "{value}" starts with "{value[:2] if value.startswith("./") else "/"}"; '
                                                 f"CodeBuild matches files {where}",
                                      f'write "{fixed}"', path=(*prefix, "files", index),
                                      fix=_fix(doc, node) if value.startswith("./") else None)


def _fix(doc, node):
    """Remove the `./` where the value's text starts with it as written."""
    skip = 1 if node.style in ("single", "double") else 0
    if node.style not in ("plain", "single", "double") or source_of(doc, node)[skip:skip + 2] != "./" or not node.value[2:].strip():
        return None
    if node.value.lstrip()[2:].startswith("/"):
        return None  # `.//x` without `./` is `/x`, an absolute path: no fix
    start = value_start(doc, node) + skip
    return Fix.make(UNSAFE, 'remove the leading "./"', edit(doc, start, start + 2, ""))
