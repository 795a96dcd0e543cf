from speclint import revision_paths
from speclint.diagnostics import Severity
from speclint.rules.base import EC2, Rule


class ScriptMissing(Rule):
    """A hook `location` that is not a file in the revision.

    What it does:
    When the appspec is on disk, checks every hook `location` against the revision root
    (`--revision-root`, the root buildspec's `artifacts.base-directory`, else the appspec's
    folder): the file must exist with exactly that spelling - the agent runs on a
    case-sensitive file system - and be a file, not a folder. A location with arguments is
    left to A105. When nothing the appspec names is under the revision root (the bundle is
    assembled elsewhere, or the appspec was copied on its own), one note says so instead of
    a finding per script; an appspec read from standard input gets the same note.

    Why it matters:
    The deployment fails in the middle, at that event: `Script does not exist at specified
    location: /opt/codedeploy-agent/deployment-root/.../scripts/start.sh` (ScriptMissing).

    Example:
    `location: scripts/Start.sh` when the revision has `scripts/start.sh`.

    Use instead:
    `location: scripts/start.sh` - a path relative to the revision root, spelt as on disk.

    References:
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html
    - domain notes D.6 (ScriptMissing)
    """

    code = "A116"
    name = "script-missing"
    severity = Severity.ERROR
    summary = "a hook location that is not a file in the revision (case-sensitive)"
    applies_to = EC2
    prevents = "Script does not exist at specified location: <path> (ScriptMissing)"

    def check(self, doc):
        found = revision_paths.assess(doc)
        if found is None:
            return  # A120 says the revision was not checked; near misses make it checked
        for item in found.items:
            if item.kind == "location" and item.status == "folder" and found.checked:
                yield self.report(doc, item.node, f'location "{item.text}" is a folder in the revision, not a script',
                                  "point location at the script file inside it", path=item.json_path)
        for item, message, hint in revision_paths.absent(found, "location", "location", "add the script to the revision"):
            yield self.report(doc, item.node, message, hint, path=item.json_path)
