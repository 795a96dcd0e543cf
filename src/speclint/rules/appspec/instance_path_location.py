from speclint.revision import paths as revision_paths
from speclint.diagnostics import Severity
from speclint.rules.base import EC2, Rule


class InstancePathLocation(Rule):
    """A hook location or files source written as an absolute path on the instance.

    What it does:
    Reports a `location` (or `files` source) such as `/usr/local/bin/start.sh` whose first
    folder is a standard Linux folder (`usr`, `opt`, `etc`, `var`, `home`, ...) that the
    revision does not have. Locations and sources are relative to the revision: the agent
    joins them onto the unpacked bundle, so it looks for
    `<archive>/usr/local/bin/start.sh`, never for the file on the instance. An error when
    the revision is on disk (A116's conditions); a warning when it could not be checked,
    since the bundle might have such a folder.

    Why it matters:
    The deployment fails at that event with `Script does not exist at specified location:
    /opt/codedeploy-agent/deployment-root/<group>/<deployment>/deployment-archive/usr/local/bin/start.sh`.

    Example:
    ```yaml
    version: 0.0
    os: linux
    hooks:
      ApplicationStart:
        - location: /usr/local/bin/start.sh
    ```

    Use instead:
    Put the script in the bundle and name it relative to the bundle root
    (`location: scripts/start.sh`); a hook script can then call `/usr/local/bin/start.sh`.

    References:
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html
      ("location ... relative to the root of the application revision bundle")
    - the agent joins the location onto the archive folder:
      https://github.com/aws/aws-codedeploy-agent/blob/800eb2882ae1b0b0bf67ff56df5ae31eb013c782/lib/instance_agent/plugins/codedeploy/hook_executor.rb#L233-L235
    """

    code = "A121"
    name = "instance-path-location"
    severity = Severity.ERROR
    summary = "a hook location or files source that is an absolute path on the instance, not in the bundle"
    applies_to = EC2
    prevents = "Script does not exist at specified location: .../deployment-archive/usr/local/bin/start.sh (ScriptMissing)"

    def check(self, doc):
        found = revision_paths.assess(doc)
        if found is None:
            return
        for item in found.items:
            if item.status != "absolute":
                continue
            what = "location" if item.kind == "location" else "files source"
            has = f'; the revision has "{item.detail}"' if item.detail else ""
            hint = (f'write "{item.detail}"' if item.detail else "put the file in the revision and name it relative to "
                    "the revision root (a hook script can call the instance path)")
            yield self.report(doc, item.node, f'{what} "{item.text}" is a path on the instance, but {what}s are relative to '
                                              f"the bundle: the agent looks for {revision_paths.archive_path(item.text)}{has}",
                              hint,
                              severity=None if found.checked else Severity.WARNING, path=item.json_path)
