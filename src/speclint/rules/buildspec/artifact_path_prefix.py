from speclint.diagnostics import Severity
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

    def check(self, doc):
        for prefix, section in file_lists(doc):
            for index, node in patterns(section):
                value = node.value.strip()
                if value.startswith("./") or (value.startswith("/") and not value.startswith("//")):
                    fixed = value[2:] if value.startswith("./") else value.lstrip("/")
                    where = "relative to the source root" if "base-directory" not in section else "relative to base-directory"
                    yield self.report(doc, node, f'files entry "{value}" starts with "{value[:2] if value.startswith("./") else "/"}"; '
                                                 f"CodeBuild matches files {where}",
                                      f'write "{fixed}"', path=(*prefix, "files", index))
