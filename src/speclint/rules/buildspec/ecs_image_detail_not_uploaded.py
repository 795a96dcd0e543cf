import os

from speclint import ecs_pipeline
from speclint.diagnostics import Severity
from speclint.rules.base import BUILDSPEC, Rule


class EcsImageDetailNotUploaded(Rule):
    """A build writes the Amazon ECS (Blue/Green) action's image file, but no artifact uploads it.

    What it does:
    For a buildspec on disk with a command that writes `imageDetail.json` (the name is
    `ecs-image-detail-file`) - `> imageDetail.json`, `tee`, `-o` - checks that the primary
    or a secondary artifact uploads the file: a `files` pattern must match the path it is
    written to, relative to that artifact's `base-directory` (`*` stays in one folder, `**`
    spans folders). Every write is checked: a build that writes the file for two services
    and uploads only one is reported at the other. The working directory is followed
    through the build (`cd deploy` in one command holds in the next, in version 0.2, which
    runs all commands in one shell), and `$CODEBUILD_SRC_DIR` is the source root; a path
    with another variable is not judged. A file written and then copied (`cp`, `mv`) is
    judged where it is copied to.

    Why it matters:
    The image file reaches the Blue/Green deploy action only through the build's output
    artifact. A file written outside `base-directory`, or into a folder that the pattern
    does not reach, is silently left behind, and the deploy action fails after the build
    without an image to deploy.

    Example:
    ```yaml
    version: 0.2
    phases:
      post_build:
        commands:
          - printf '{"ImageURI":"%s"}' "$IMAGE" > imageDetail.json
    artifacts:
      base-directory: deploy
      files:
        - '**/*'
    ```

    Use instead:
    ```yaml
    post_build:
      commands:
        - printf '{"ImageURI":"%s"}' "$IMAGE" > deploy/imageDetail.json
    artifacts:
      base-directory: deploy
      files:
        - '**/*'
    ```

    References:
    - https://docs.aws.amazon.com/codepipeline/latest/userguide/file-reference.html
      ("You must create the imageDetail.json file as a source or build artifact")
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.artifacts.base-directory
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-cmd.html
      (version 0.1 runs each command in its own shell; 0.2 does not, so `cd` carries over)
    """

    code = "B034"
    name = "ecs-image-detail-not-uploaded"
    severity = Severity.WARNING
    summary = "a build writes imageDetail.json but no artifact uploads it (base-directory, patterns)"
    applies_to = BUILDSPEC
    options = {"ecs-image-detail-file": ecs_pipeline.NAME_OPTIONS["ecs-image-detail-file"]}

    def check(self, doc):
        artifacts = ecs_pipeline.artifacts(doc)
        if not artifacts:
            return
        detail = ecs_pipeline.names(doc.context)["ecs-image-detail-file"]
        folder = os.path.dirname(os.path.abspath(doc.fs_path))
        root = doc.mapping.get("artifacts")
        primary = next((a for a in artifacts if a.json_path == ("artifacts",)), None)
        for write, place in ecs_pipeline.unuploaded_writes(doc, artifacts, folder, detail):
            alone = len(artifacts) == 1  # with secondary artifacts, the primary's base-directory is one place of several
            base_node = root.get("base-directory") if alone and primary is not None and primary.base else None
            if base_node is not None and not place.startswith(primary.base + "/"):
                where = f'{place} is outside base-directory "{primary.base}"'
                hint = f"write it to {primary.base}/{os.path.basename(place)}"
                node, path = base_node, ("artifacts", "base-directory")
            else:
                where = "no files pattern of any artifact matches " + place
                holder = max((a for a in artifacts if not a.base or place.startswith(a.base + "/")),
                             key=lambda a: len(a.base), default=None)
                if holder is None:
                    hint = "write it into the base-directory of an artifact that uploads it"
                    node, path = root.get_key("files") or root, ("artifacts", "files")
                else:
                    section = doc.mapping
                    for key in holder.json_path:
                        section = section.get(key)
                    hint = f"add {place[len(holder.base) + 1:] if holder.base else place} to {'.'.join(holder.json_path)}.files"
                    node, path = section.get_key("files") or section, (*holder.json_path, "files")
            yield self.report(
                doc, node,
                f"line {write.line}{f' runs {write.script}, which' if write.script else ''} writes {detail}, the image file of the Amazon ECS (Blue/Green) action, "
                f"but no artifact uploads it: {where}", hint, path=path)
