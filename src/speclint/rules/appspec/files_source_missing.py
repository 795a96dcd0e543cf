from speclint.revision import paths as revision_paths
from speclint.diagnostics import Severity
from speclint.rules.base import EC2, Rule


class FilesSourceMissing(Rule):
    """A `files` source that is not in the revision.

    What it does:
    When the appspec is on disk, checks every `files[].source` against the revision root
    (see A116): it must exist, as a file or folder, with exactly that spelling. `/` is the
    whole revision and always exists. As in A116, a near miss of a file that exists is
    always reported, and a source the build makes (`target/app.war` after `mvn package`,
    `dist` after `npm run build`, a folder made by `mkdir -p`, a git-ignored path) is not
    an error (see A122).
    As in A116, a source that is a symlink leading out of the revision, or a named pipe or
    device, is a warning and is never read or followed.

    Why it matters:
    The Install event fails, often with a bare `UnknownError`, and nothing is copied.

    Example:
    ```yaml
    files:
      - source: build/web
        destination: /var/www/html
    ```
    when the revision contains `dist/web`.

    Fragment: the rule looks the source up in the revision on disk.

    Use instead:
    A source path relative to the revision root that exists in the bundle.

    References:
    - `No such file or directory @ rb_sysopen - /opt/codedeploy-agent/deployment-root/.../deployment-archive/config/` (UnknownError at Install)
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-files.html
    """

    code = "A117"
    name = "files-source-missing"
    severity = Severity.ERROR
    summary = "a files source that is not in the revision"
    applies_to = EC2

    def check(self, doc):
        found = revision_paths.assess(doc)
        if found is None:
            return  # A120 says when the revision is not there
        for item, message, hint in revision_paths.unsafe(found, "source", "files source"):
            yield self.report(doc, item.node, message, hint, severity=Severity.WARNING, path=item.json_path)
        for item, message, hint in revision_paths.absent(found, "source", "files source", "add it to the revision"):
            yield self.report(doc, item.node, message, hint, path=item.json_path)
