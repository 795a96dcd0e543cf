import os
import re

from speclint import ecs_pipeline
from speclint.diagnostics import Severity
from speclint.nodes import ScalarNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.buildspec.ecs_artifacts_missing import ECS_FILES
from speclint.rules.helpers import commands


class EcsImageDetailNotUploaded(Rule):
    """A build writes the Amazon ECS (Blue/Green) action's image file, but no artifact uploads it.

    What it does:
    For a buildspec on disk with a command that writes `imageDetail.json` (the name is
    `ecs-image-detail-file`) - `> imageDetail.json`, `tee`, `-o` - checks that the primary
    or a secondary artifact uploads the file: a `files` pattern must match the path it is
    written to, relative to that artifact's `base-directory` (`*` stays in one folder, `**`
    spans folders). Builds without a `base-directory` that have `appspec.yaml` and
    `taskdef.json` beside them are left to B025.

    Why it matters:
    The image file reaches the Blue/Green deploy action only through the build's output
    artifact. A file written outside `base-directory`, or into a folder that the pattern
    does not reach, is silently left behind, and the deploy action fails after the build
    without an image to deploy.

    Example:
    ```yaml
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
    """

    code = "B034"
    name = "ecs-image-detail-not-uploaded"
    severity = Severity.WARNING
    summary = "a build writes imageDetail.json but no artifact uploads it (base-directory, patterns)"
    applies_to = BUILDSPEC

    def check(self, doc):
        artifacts = ecs_pipeline.artifacts(doc)
        if not artifacts:
            return
        detail = ecs_pipeline.names(doc.settings)["ecs-image-detail-file"]
        writes = re.compile(r"(?:>>?|\btee\s+(?:-a\s+)?|\s-o\s*|--output[ =])\s*['\"]?([\w./${}-]*"
                            + re.escape(detail) + r")(?![\w.-])")
        written = []
        for path, node in commands(doc):
            if isinstance(node, ScalarNode) and isinstance(node.value, str):
                written.extend((path, node, match.group(1)) for match in writes.finditer(node.value))
        if not written:
            return
        folder = os.path.dirname(os.path.abspath(doc.fs_path))
        primary = next((a for a in artifacts if a.json_path == ("artifacts",)), None)
        if (primary is not None and not primary.base and all(os.path.isfile(os.path.join(folder, n)) for n in ECS_FILES[:2])):
            return  # B025 checks this build
        text = "\n".join(node.value for _, node, _ in written)
        if ecs_pipeline.uploaded(folder, artifacts, text, detail):
            return
        _path, command, target = written[0]
        place = ecs_pipeline.mentions(target, detail)[0]
        root = doc.mapping.get("artifacts")
        base_node = root.get("base-directory") if primary is not None and primary.base else None
        if base_node is not None and not place.startswith(primary.base + "/"):
            where = f'{place} is outside base-directory "{primary.base}"'
            hint = f"write it to {primary.base}/{detail}"
            node, path = base_node, ("artifacts", "base-directory")
        else:
            where = "no files pattern of any artifact matches " + place
            hint = f"add {place if not (primary and primary.base) else place[len(primary.base) + 1:]} to artifacts.files"
            node, path = root.get_key("files") or root, ("artifacts", "files")
        yield self.report(
            doc, node,
            f"line {command.start_line} writes {detail}, the image file of the Amazon ECS (Blue/Green) action, "
            f"but no artifact uploads it: {where}", hint, path=path)
