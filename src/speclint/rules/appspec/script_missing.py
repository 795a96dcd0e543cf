import os

from speclint import revision_files
from speclint.diagnostics import Severity
from speclint.rules.base import EC2, Rule
from speclint.rules.helpers import ec2_scripts


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
        root = revision_files.root_of(doc)
        if root is None:
            if doc.settings.get("stdin") and any(True for _ in ec2_scripts(doc)):
                yield self.report(doc, None, "the revision is not on disk (standard input): hook scripts and files sources "
                                             "were not checked", "lint the appspec inside its revision folder to check them",
                                  severity=Severity.INFO)
            return
        if not revision_files.revision_present(doc, root):
            if any(True for _ in revision_files.hook_locations(doc)):
                shown = os.path.relpath(root) if not os.path.relpath(root).startswith("..") else root
                yield self.report(doc, None, f"none of the hook scripts or files sources is under {shown}, so the revision "
                                             "was not checked", "pass --revision-root with the folder that is bundled into "
                                             "the revision (or set revision-root in the configuration)", severity=Severity.INFO)
            return
        listings: dict = {}  # each folder listed once (revision_files.folder_names)
        for event, index, _script, node, location in revision_files.hook_locations(doc):
            if " " in location:
                continue  # A105: a location with arguments
            path = revision_files.resolve(root, location)
            path_in_json = ("hooks", event, index, "location")
            if revision_files.exists_exactly(path, listings):
                if os.path.isdir(path):
                    yield self.report(doc, node, f'location "{location}" is a folder in the revision, not a script',
                                      "point location at the script file inside it", path=path_in_json)
                continue
            other = revision_files.near_miss(path, listings)
            if other:
                yield self.report(doc, node, f'location "{location}" does not exist in the revision; the folder has "{other}" '
                                             "(the agent's file system is case-sensitive)",
                                  f'write the name exactly as on disk: "{os.path.join(os.path.dirname(location), other)}"',
                                  path=path_in_json)
            else:
                yield self.report(doc, node, f'location "{location}" does not exist in the revision',
                                  "add the script to the revision, or fix the path (relative to the revision root, "
                                  "see --revision-root)", path=path_in_json)
