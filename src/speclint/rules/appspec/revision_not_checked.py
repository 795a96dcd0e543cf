from speclint.revision import files as revision_files, paths as revision_paths
from speclint.diagnostics import Severity
from speclint.rules.base import EC2, Rule
from speclint.rules.helpers import ec2_scripts


class RevisionNotChecked(Rule):
    """The hook scripts and files sources of an appspec could not be checked against its revision.

    What it does:
    One note per EC2/On-Premises appspec whose revision is not on disk: the appspec was
    read from standard input; or nothing it names is under the revision root (see A116) and
    the root was not given, so the folder is not the revision - the bundle is assembled
    elsewhere, or the appspec was copied on its own; or no buildspec assembles the bundle
    but a script beside the appspec, in its parent folder or at the source root names the
    appspec (a packaging script), and some paths are missing from the appspec's folder. Paths that a build makes (A122) do not
    count as missing here. A near miss of a file that exists (A116, A117) is still reported:
    it is proof that the folder is the revision.

    Why it matters:
    Nothing is wrong yet, but A116 and A117 could not look. Ignoring this note never hides
    a missing script: those are A116, a different code.

    Example:
    An `appspec.yml` kept in `deploy/` while the build copies it, with the scripts, into
    another folder; or `cat appspec.yml | speclint -`.

    Fragment: the rule needs the revision folder and the way the file was passed.

    Use instead:
    `--revision-root DIR` (or `revision-root` in the configuration) with the folder that is
    zipped into the revision.

    References:
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/application-revisions-plan.html
    """

    code = "A120"
    name = "revision-not-checked"
    severity = Severity.INFO
    summary = "the revision is not on disk, so hook scripts and files sources were not checked"
    applies_to = EC2

    def check(self, doc):
        if not doc.on_disk or not doc.fs_path:
            if doc.context.stdin and any(True for _ in ec2_scripts(doc)):
                yield self.report(doc, None, "the revision is not on disk (standard input): hook scripts and files sources "
                                             "were not checked", "lint the appspec inside its revision folder to check them")
            return
        found = revision_paths.assess(doc)
        if found is None or found.checked:
            return
        missing = [item for item in found.items if item.status == "missing"]
        if missing and found.assembler:
            names = ", ".join(f'"{item.text}"' for item in missing[:3]) + (", ..." if len(missing) > 3 else "")
            yield self.report(doc, None, f"{names} {'is' if len(missing) == 1 else 'are'} not in the appspec's folder, "
                                         f"and {found.assembler} assembles the bundle, so the revision was not checked",
                              "pass --revision-root with the folder that script zips into the revision")
        elif missing:
            shown = revision_files.shown(doc, found.root)
            yield self.report(doc, None, f"none of the hook scripts or files sources is under {shown}, so the revision "
                                         "was not checked", "pass --revision-root with the folder that is bundled into "
                                         "the revision (or set revision-root in the configuration)")
