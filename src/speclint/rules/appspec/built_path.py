from speclint.revision import paths as revision_paths
from speclint.diagnostics import Severity
from speclint.rules.base import EC2, Rule


class BuiltPath(Rule):
    """A hook location or files source that is not on disk because the build makes it.

    What it does:
    Off by default (`--extend-select A122`). Names, for each path of the appspec that is not
    in the source tree, why a build is expected to produce it: a command of the buildspec
    that assembles the revision writes, creates, copies, moves or extracts it (`mkdir -p
    deploy/app`, `cp`, `echo ... > file`, `tar -x -C dir`, `dotnet publish -o out`), it lies
    in a folder a build tool writes (`mvn package` -> `target/`, `npm run build` -> `dist/`,
    `gradle build` -> `build/`, `dotnet publish` -> `bin/`), or git ignores it. Such paths
    are not A116/A117 errors; the artifacts' `files` globs alone never count (they select
    files, they do not make them), and a near miss of a file that exists stays an error.

    Why it matters:
    Nothing to fix: the note shows which paths were taken on trust, and from which
    buildspec, so a reviewer can check that the build really makes them.

    Example:
    `source: target/app.war` with a buildspec that runs `mvn package`.

    Fragment: the rule reads the buildspec beside the appspec on disk.

    Use instead:
    Nothing; or lint the built bundle with `--revision-root` to check these paths too.

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.artifacts
    - https://maven.apache.org/guides/introduction/introduction-to-the-standard-directory-layout.html
    """

    code = "A122"
    name = "built-path"
    severity = Severity.INFO
    summary = "a hook location or files source the build is expected to make (not on disk yet)"
    applies_to = EC2
    default_enabled = False

    def check(self, doc):
        found = revision_paths.assess(doc)
        if found is None:
            return
        for item in found.items:
            if item.status == "built":
                what = "location" if item.kind == "location" else "files source"
                yield self.report(doc, item.node, f'{what} "{item.text}" is not on disk; the build is expected to make it '
                                                  f"({item.detail})", None, path=item.json_path)
