from speclint import runtimes
from speclint.diagnostics import Severity
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.buildspec.image_status import image_source, image_span
from speclint.rules.buildspec.runtime_docs import RuntimeTableDocs
from speclint.suggest import closest


class UnknownImage(RuntimeTableDocs, Rule):
    """An `aws/codebuild/...` image name that is not in the runtime table.

    What it does:
    Reports a CodeBuild image name (given with `--image`, in the configuration, in
    `# speclint: image=...` or as a batch task's `env.image`) that speclint's runtime table does not know, with the closest
    known name. The runtime checks then fall back to what holds on every image.

    Why it matters:
    A typo here (`standard:7` for `standard:7.0`) silently turns the image-aware checks off;
    a typo in the CodeBuild project fails the build with `CLIENT_ERROR: image not found`.

    Example:
    ```yaml
    version: 0.2
    # speclint: image=aws/codebuild/standard:7
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
    """

    code = "B022"
    name = "unknown-image"
    severity = Severity.WARNING
    summary = "an aws/codebuild image name that the runtime table does not know"
    applies_to = BUILDSPEC

    def check(self, doc):
        for choice in runtimes.choose_images(doc):  # the project's image and each batch task's own
            if choice is not None and choice.image.kind == "unknown":
                yield from self._check(doc, choice.image, choice)

    def _check(self, doc, image, choice):
        known = list(runtimes.table()["images"])
        guess = closest(runtimes.normalize(image.name), known, cutoff=0.8)
        yield self.report(doc, None, f'unknown CodeBuild image "{image.name}" (from {image_source(doc, choice)}); '
                                     "the runtime checks fall back to what every image accepts",
                          f'did you mean "{guess}"?' if guess else f"maintained images: {', '.join(runtimes.maintained())}",
                          span=image_span(doc, choice))
