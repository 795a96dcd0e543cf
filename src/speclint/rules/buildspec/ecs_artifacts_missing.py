import os

from speclint.diagnostics import Severity
from speclint.globs import matches
from speclint.nodes import MappingNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.buildspec.artifact_paths import patterns

ECS_FILES = ("appspec.yaml", "taskdef.json", "imageDetail.json")


def _written(doc, folder: str) -> set:
    """The ECS files a command of the buildspec writes (`printf ... > imageDetail.json`, `cp`, a template rendered)."""
    from speclint import build_outputs
    from speclint.revision import command_texts, source_root, variables_of

    root = source_root(folder)
    outputs = build_outputs.outputs(command_texts(doc), root, doc.path, variables_of(doc))
    prefix = os.path.relpath(folder, root).replace(os.sep, "/")
    return {name for name in ECS_FILES
            if build_outputs.explain(outputs, name if prefix == "." else f"{prefix}/{name}", exact_only=True)}


class EcsArtifactsMissing(Rule):
    """An ECS blue/green build whose artifacts leave out appspec.yaml, taskdef.json or imageDetail.json.

    What it does:
    For a buildspec on disk whose folder holds `appspec.yaml` and `taskdef.json` (the
    files of a CodePipeline "Amazon ECS (Blue/Green)" deployment), checks that the primary
    artifact's `files` include each of them, and each of the three that a command writes
    (`printf ... > imageDetail.json`, a copy, a rendered template). Skipped when `base-directory` is set (the files are then elsewhere).

    Why it matters:
    The deploy action reads these files from the build artifact; when one is missing it
    fails after the build, e.g. `Exception while trying to read the task definition
    artifact file from: SourceArtifact`.

    Example:
    ```yaml
    artifacts:
      files:
        - imageDetail.json
    ```

    Use instead:
    ```yaml
    artifacts:
      files:
        - imageDetail.json
        - appspec.yaml
        - taskdef.json
    ```

    References:
    - https://docs.aws.amazon.com/codepipeline/latest/userguide/tutorials-ecs-ecr-codedeploy.html
    """

    code = "B025"
    name = "ecs-artifacts-missing"
    severity = Severity.WARNING
    summary = "an ECS blue/green build whose artifacts lack appspec.yaml, taskdef.json or imageDetail.json"
    applies_to = BUILDSPEC

    def check(self, doc):
        root = doc.mapping
        artifacts = root.get("artifacts") if root else None
        if not doc.on_disk or not doc.fs_path or not isinstance(artifacts, MappingNode):
            return
        if artifacts.get("base-directory") is not None or artifacts.get("files") is None:
            return
        folder = os.path.dirname(os.path.abspath(doc.fs_path))
        present = {name for name in ECS_FILES if os.path.isfile(os.path.join(folder, name))}
        if not {"appspec.yaml", "taskdef.json"} <= present:
            return
        present |= _written(doc, folder)
        entries = [node.value.strip() for _, node in patterns(artifacts)]
        missing = [name for name in ECS_FILES if name in present and not any(matches(p, name) for p in entries)]
        if missing:
            yield self.report(doc, artifacts.get_key("files"), f"the artifact leaves out {', '.join(missing)}, which the ECS "
                                                               "blue/green deploy action reads",
                              f"add {', '.join(missing)} to artifacts.files", path=("artifacts", "files"))
