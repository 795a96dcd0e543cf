from speclint.revision import paths as revision_paths
from speclint.diagnostics import Severity
from speclint.rules.base import EC2, Rule


class ScriptMissing(Rule):
    """A hook `location` that is not a file in the revision.

    What it does:
    When the appspec is on disk, checks every hook `location` against the revision root
    (`--revision-root`; else the `base-directory` of the buildspec artifact that takes the
    appspec; else the appspec's folder): the file must exist with exactly that spelling -
    the agent runs on a case-sensitive file system - and be a file, not a folder. A near miss
    of a file that exists (letter case, `_` for `-`, `.sh` for `.bash` or no extension, one
    letter) is always reported, with the name on disk. A missing script that the build makes
    (a command writes, copies or extracts it, a build tool's output folder, a git-ignored
    path) is not an error (see A122). When the root was not given and nothing the appspec
    names is there, the folder is not the revision and A120 says so once; a given root is
    always checked. A location with arguments is left to A105.
    A location that exists but is a symlink leading out of the revision (`-> /etc/shadow`),
    or is a named pipe, device or socket, is a warning and is never read or followed.

    Why it matters:
    The deployment fails in the middle, at that event: `Script does not exist at specified
    location: /opt/codedeploy-agent/deployment-root/.../scripts/start.sh` (ScriptMissing).

    Example:
    `location: scripts/Start.sh` when the revision has `scripts/start.sh`.

    Fragment: the rule looks the script up in the revision on disk.

    Use instead:
    `location: scripts/start.sh` - a path relative to the revision root, spelt as on disk.

    References:
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html
    - CodeDeploy agent: `Script does not exist at specified location` (ScriptMissing)
    - the agent joins the location onto the unpacked bundle and raises ScriptMissing when no
      file is there: https://github.com/aws/aws-codedeploy-agent/blob/800eb2882ae1b0b0bf67ff56df5ae31eb013c782/lib/instance_agent/plugins/codedeploy/hook_executor.rb#L131-L132
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
        for item, message, hint in revision_paths.unsafe(found, "location", "location"):
            yield self.report(doc, item.node, message, hint, severity=Severity.WARNING, path=item.json_path)
        for item, message, hint in revision_paths.absent(found, "location", "location", "add the script to the revision"):
            yield self.report(doc, item.node, message, hint, path=item.json_path)
