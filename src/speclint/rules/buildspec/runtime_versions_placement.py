from speclint.diagnostics import Severity
from speclint.source.nodes import MappingNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.helpers import phases


class RuntimeVersionsPlacement(Rule):
    """`runtime-versions` outside the `install` phase.

    What it does:
    Reports `runtime-versions` under `pre_build`, `build` or `post_build`, and at the top level.

    Why it matters:
    CodeBuild selects runtimes only in the install phase; elsewhere the runtimes are not
    installed and the build runs on the image's defaults (or fails when a tool is missing).

    Example:
    ```yaml
    phases:
      build:
        runtime-versions:
          nodejs: 20
    ```

    Use instead:
    ```yaml
    phases:
      install:
        runtime-versions:
          nodejs: 20
    ```

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/runtime-versions.html
    """

    code = "B003"
    name = "runtime-versions-placement"
    severity = Severity.WARNING
    supersedes = frozenset({"S001"})
    summary = "runtime-versions outside the install phase"
    applies_to = BUILDSPEC

    def check(self, doc):
        for name, _, phase in phases(doc):
            if name != "install" and isinstance(phase, MappingNode) and "runtime-versions" in phase:
                yield self.report(doc, phase.get_key("runtime-versions"),
                                  f'runtime-versions is allowed only in the install phase, not in "{name}"; CodeBuild does not select these runtimes',
                                  "move runtime-versions under phases.install", path=("phases", name, "runtime-versions"))
        root = doc.mapping
        if root and "runtime-versions" in root:
            yield self.report(doc, root.get_key("runtime-versions"),
                              "runtime-versions at the top level is ignored; it belongs under phases.install",
                              "move it under phases.install", path=("runtime-versions",))
