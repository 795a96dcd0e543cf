from speclint import runtimes
from speclint.diagnostics import Severity
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.buildspec.image_status import image_source, image_span
from speclint.rules.buildspec.runtime_docs import RuntimeTableDocs


class DeprecatedImage(RuntimeTableDocs, Rule):
    """The buildspec runs on a CodeBuild image that is no longer maintained.

    What it does:
    When the image is given (`--image`, the configuration, `# speclint: image=...`, or a batch
    task's own `env.image`) and the runtime table marks it as no longer maintained, names the
    maintained successor, at the batch task's `image:` when it comes from there.

    Why it matters:
    Old images keep old runtimes (Node.js 10, Python 3.7) and stop getting security fixes;
    AWS removes them from the console and eventually from CodeBuild, and a build that
    worked for years fails. The oldest also demand a runtime (`This build image requires
    selecting at least one runtime version`).

    Example:
    ```yaml
    version: 0.2
    # speclint: image=aws/codebuild/standard:4.0
    phases:
      build:
        commands:
          - make
    ```

    Use instead:
    ```yaml
    # speclint: image=aws/codebuild/standard:7.0
    ```

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-available.html
    - https://github.com/aws/aws-codebuild-docker-images#image-maintenance
    """

    code = "B021"
    name = "deprecated-image"
    severity = Severity.WARNING
    summary = "the buildspec's image is no longer maintained"
    applies_to = BUILDSPEC

    def check(self, doc):
        for choice in runtimes.choose_images(doc):  # the project's image and each batch task's own
            if choice is not None and choice.image.kind == "codebuild" and not choice.image.info["maintained"]:
                yield from self._check(doc, choice.image, choice)

    def _check(self, doc, image, choice):
        successor = image.info.get("successor")
        yield self.report(doc, None, f"{image.id} (from {image_source(doc, choice)}) is no longer maintained"
                                     + (f"; its maintained successor is {successor}" if successor else ""),
                          f"move the project to {successor or 'a maintained image'} and check the runtime versions against it",
                          span=image_span(doc, choice))
