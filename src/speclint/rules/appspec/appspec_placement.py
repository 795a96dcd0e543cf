import os

from speclint.diagnostics import Severity
from speclint.rules.base import EC2, Rule


class AppspecPlacement(Rule):
    """An EC2/On-Premises appspec that is not at the root of its revision.

    What it does:
    When the revision root is known (`--revision-root`, or the build whose artifact takes
    the appspec: its `base-directory`, else the source root), reports an EC2/On-Premises
    appspec that is not directly in it, or not named `appspec.yml`/`appspec.yaml`. A build
    whose commands name the appspec (copy or move it into place) is trusted to do so. Without a revision
    root nothing is reported: the appspec's own folder is taken as the root. Lambda and ECS
    appspecs are uploaded by name and may live anywhere.

    Why it matters:
    The agent looks for the appspec at the root of the unpacked bundle and fails: `The
    CodeDeploy agent did not find an AppSpec file within the unpacked revision directory at
    revision-relative path "appspec.yml"`.

    Example:
    `src/appspec.yml` with the revision built from the repository root.

    Fragment: the rule compares where the appspec sits with the revision's folders on disk.

    Use instead:
    Put `appspec.yml` at the top of the folder that is zipped into the revision.

    References:
    - `The CodeDeploy agent did not find an AppSpec file within the unpacked revision directory at revision-relative path "appspec.yml".`
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file.html#appspec-file-placement
    """

    code = "A114"
    name = "appspec-placement"
    severity = Severity.WARNING
    summary = "an EC2 appspec that is not at the root of the revision"
    applies_to = EC2
    prevents = "The CodeDeploy agent did not find an AppSpec file within the unpacked revision directory"

    def check(self, doc):
        if not doc.on_disk or not doc.fs_path:
            return
        from speclint.revision import revision_root

        configured = doc.context.revision_root
        root = revision_root(doc.fs_path, configured)
        if not root:
            return
        if not configured:
            from speclint.revision import build_for

            build = build_for(os.path.abspath(doc.fs_path))
            if build is not None and build.copies_appspec:
                return  # the build puts the appspec in place
        folder = os.path.dirname(os.path.abspath(doc.fs_path))
        name = os.path.basename(doc.fs_path)
        if folder != os.path.abspath(root):
            rel = os.path.relpath(doc.fs_path, root)
            if rel.startswith(".."):
                return  # not part of this revision at all
            yield self.report(doc, None, f'the appspec is at "{rel}" in the revision, but the agent looks for appspec.yml at the revision root',
                              "move it to the root of the revision, or build the revision from its folder")
        elif name not in ("appspec.yml", "appspec.yaml"):
            yield self.report(doc, None, f'the appspec is named "{name}"; the agent looks for appspec.yml (or appspec.yaml)',
                              "rename it to appspec.yml")
