from speclint import data
from speclint.diagnostics import Severity
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.helpers import phases
from speclint.suggest import closest

TOP_LEVEL = {"artifacts", "reports", "cache", "env", "batch", "proxy", "version", "run-as"}


class PhaseName(Rule):
    """A name under `phases` that is not one of the four scriptable phases.

    What it does:
    Reports every key under `phases` other than `install`, `pre_build`, `build` and
    `post_build`: misspellings (with did-you-mean), CodeBuild's own phases that cannot be
    scripted (`download_source`, `upload_artifacts`, ...), and top-level sections indented
    under `phases` by mistake (`artifacts:`, `reports:`).

    Why it matters:
    CodeBuild rejects the buildspec: `Invalid buildspec phase name: <name>. Expecting:
    build,install,post_build,pre_build`.

    Example:
    ```yaml
    phases:
      build:
        commands: [make]
      artifacts:
        files: ['**/*']
    ```

    Use instead:
    ```yaml
    phases:
      build:
        commands: [make]
    artifacts:
      files: ['**/*']
    ```

    References:
    - `YAML_FILE_ERROR Message: Invalid buildspec phase name: artifacts. Expecting: build,install,post_build,pre_build`
    - https://docs.aws.amazon.com/codebuild/latest/userguide/view-build-details-phases.html
    """

    code = "B002"
    name = "phase-name"
    severity = Severity.ERROR
    summary = "a phase name CodeBuild rejects (misspelt, not scriptable, or a mis-indented section)"
    applies_to = BUILDSPEC
    prevents = "Invalid buildspec phase name: <name>. Expecting: build,install,post_build,pre_build"

    def check(self, doc):
        table = data.load("lifecycle.json")["codebuild"]
        valid = table["scriptable"]
        for name, key, _ in phases(doc):
            if name in valid:
                continue
            expecting = "CodeBuild fails with 'Invalid buildspec phase name'"
            lowered = name.lower().replace("-", "_")
            if lowered in table["not_scriptable"]:
                info = table["not_scriptable"][lowered]
                message = (f'"{name}" is a CodeBuild phase that cannot be scripted: it runs when {info["when"]}; '
                           f"{expecting}")
                hint = f'put these commands in "{info["instead"]}"'
            elif name in TOP_LEVEL:
                message = f'"{name}" is indented under phases, so CodeBuild reads it as a phase name; {expecting}'
                hint = f'move "{name}:" back to the top level (no indentation)'
            else:
                suggestion = closest(name, valid)
                message = f'invalid phase name "{name}": expected one of "build", "install", "post_build", "pre_build"'
                if suggestion:
                    message += f' (did you mean "{suggestion}"?)'
                hint = "CodeBuild has only these four scriptable phases; they run in the order install, pre_build, build, post_build"
            yield self.report(doc, key, message, hint, path=("phases", name))
