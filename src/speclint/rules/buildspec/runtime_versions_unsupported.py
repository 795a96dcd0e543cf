from speclint.diagnostics import Severity
from speclint.source.nodes import MappingNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.buildspec.per_image import PerImage
from speclint.rules.buildspec.runtime_docs import RuntimeTableDocs
from speclint.rules.helpers import at


class RuntimeVersionsUnsupported(PerImage, RuntimeTableDocs, Rule):
    """runtime-versions in a buildspec for an image that does not select runtimes.

    What it does:
    When the image is known to be a custom image, a Lambda compute image or a Windows
    image, reports `runtime-versions`: only the Ubuntu and Amazon Linux standard images
    select runtimes.

    Why it matters:
    On a custom image CodeBuild logs `Skipping install of runtimes. Runtime version
    selection is not supported by this build image` and goes on, so the build runs with
    whatever versions the image happens to have. Lambda images carry exactly one runtime
    and Windows images a fixed set.

    Example:
    ```yaml
    # speclint: image=123456789012.dkr.ecr.eu-west-1.amazonaws.com/build:latest
    phases:
      install:
        runtime-versions:
          nodejs: 20
    ```

    Use instead:
    Install the runtime in the image itself (or with commands), and drop runtime-versions.

    References:
    - `Skipping install of runtimes. Runtime version selection is not supported by this build image`
    - https://docs.aws.amazon.com/codebuild/latest/userguide/runtime-versions.html
    - https://docs.aws.amazon.com/codebuild/latest/userguide/lambda.html
    """

    code = "B020"
    name = "runtime-versions-unsupported"
    severity = Severity.WARNING
    summary = "runtime-versions for a custom, Lambda or Windows image, which do not select runtimes"
    applies_to = BUILDSPEC
    prevents = "Skipping install of runtimes. Runtime version selection is not supported by this build image"

    def check_image(self, doc, image):
        if image is None or image.selects_runtimes:
            return
        install = at(doc, "phases", "install")
        runtimes_node = install.get_key("runtime-versions") if isinstance(install, MappingNode) else None
        if runtimes_node is None:
            return
        yield self.report(doc, runtimes_node, f'runtime-versions has no effect on {image.name} ({image.why}): only the Ubuntu '
                                              "and Amazon Linux standard images select runtimes",
                          "install the runtimes in the image or with commands, and remove runtime-versions",
                          path=("phases", "install", "runtime-versions"))
