from speclint import runtimes
from speclint.diagnostics import Severity
from speclint.source.nodes import MappingNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.buildspec.image_status import image_source
from speclint.rules.buildspec.per_image import PerImage
from speclint.rules.buildspec.runtime_docs import RuntimeTableDocs
from speclint.rules.helpers import at


class RuntimeRequired(PerImage, RuntimeTableDocs, Rule):
    """No runtime selected on an image that requires at least one.

    What it does:
    When the buildspec's image is one of the first generation that selects runtimes
    (`aws/codebuild/standard:2.0`, and `amazonlinux2-x86_64-standard:1.0` of the same
    generation), reports a buildspec whose install phase selects no runtime under
    `runtime-versions`. For standard:2.0 AWS documents the failure (an error); for the
    Amazon Linux 2 image it is inferred from the same generation (a warning). Other images
    pick default runtimes when none is selected.

    Why it matters:
    The build fails in DOWNLOAD_SOURCE, before any command runs: `YAML_FILE_ERROR: This build
    image requires selecting at least one runtime version.`

    Example:
    ```yaml
    # speclint: image=aws/codebuild/standard:2.0
    version: 0.2
    phases:
      build:
        commands:
          - php --version
    ```

    Use instead:
    ```yaml
    # speclint: image=aws/codebuild/standard:2.0
    version: 0.2
    phases:
      install:
        runtime-versions:
          php: 7.3
      build:
        commands:
          - php --version
    ```

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/troubleshooting.html#troubleshooting-build-must-specify-runtime
      (names `aws/codebuild/standard:2.0`; the Amazon Linux 2 1.0 image is the same generation:
      inferred, hence a warning there)
    """

    code = "B030"
    name = "runtime-required"
    severity = Severity.ERROR
    supersedes = frozenset({"S006"})
    summary = "no runtime-versions on an image that requires selecting one (standard:2.0)"
    applies_to = BUILDSPEC
    prevents = "YAML_FILE_ERROR: This build image requires selecting at least one runtime version"

    def check_image(self, doc, image):
        if image is None or image.kind != "codebuild" or not image.info.get("requires_runtime"):
            return
        phases = at(doc, "phases")
        install = phases.get("install") if isinstance(phases, MappingNode) else None
        selected = install.get("runtime-versions") if isinstance(install, MappingNode) else None
        if isinstance(selected, MappingNode) and selected.entries():
            return
        node = (install.get_key("runtime-versions") if isinstance(install, MappingNode) else None) \
            or (phases.get_key("install") if isinstance(phases, MappingNode) else None) or doc.root.get_key("phases")
        inferred = image.id in runtimes.table().get("requires_runtime_inferred", ())
        source = f" (from {image_source(doc)})" if runtimes.image_of(doc) is image else ""
        names = ", ".join(sorted(runtimes.runtimes_of(image.id)))
        if isinstance(selected, MappingNode):  # `runtime-versions: {}`: present but empty (this supersedes S006's count)
            what, hint, path = "runtime-versions is empty", f"add at least one runtime under it, e.g. one of {names}", \
                ("phases", "install", "runtime-versions")
        else:
            what, hint, path = "this buildspec selects none", f"add `runtime-versions:` to the install phase with one of {names}", None
        yield self.report(doc, node, f"{image.id}{source} requires selecting at least one runtime under "
                                     f"phases.install.runtime-versions, and {what}"
                                     + (" (inferred for this image from standard:2.0 of the same generation)" if inferred else ""),
                          hint, severity=Severity.WARNING if inferred else None, path=path)
