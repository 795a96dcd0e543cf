from speclint import runtimes
from speclint.diagnostics import Severity
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.buildspec.per_image import PerImage
from speclint.rules.buildspec.runtime_docs import RuntimeTableDocs
from speclint.rules.helpers import runtime_entries

HINT = ("delete the docker entry: the standard images (Ubuntu, Amazon Linux) have Docker preinstalled either way "
        "(turn on privileged mode to use the daemon)")


class DockerRuntimeRemoved(PerImage, RuntimeTableDocs, Rule):
    """`docker` under runtime-versions, which most of today's images no longer have.

    What it does:
    Reports `docker:` under runtime-versions. With a known x86_64 image that does not list
    docker (every Ubuntu image from standard:5.0 and every Amazon Linux 2023 x86_64 image)
    it is an error. On today's aarch64 images, whose runtimes.yml keeps a docker entry only to
    print "Specifying docker version in buildspec is deprecated", it is a warning to delete the
    entry (an error when the version is not the one listed, which fails). Without an image it
    is a warning that says where it fails and where it is deprecated, and advises deleting the
    entry. On the old x86_64 images that list docker there is nothing to report here; B018
    checks the version.

    Why it matters:
    Buildspecs copied from old examples keep `docker: 18`, and on today's x86_64 images the
    build fails at once: `YAML_FILE_ERROR Message: Unknown runtime named 'docker'. This build
    image has the following runtimes: dotnet, golang, java, nodejs, php, python, ruby`.
    Docker itself is preinstalled on these standard images; only the runtime entry is gone.

    Example:
    ```yaml
    # speclint: image=aws/codebuild/standard:7.0
    phases:
      install:
        runtime-versions:
          docker: 20
    ```

    Use instead:
    Remove the `docker` entry; enable privileged mode in the project to run the Docker daemon.

    References:
    - `YAML_FILE_ERROR Message: Unknown runtime named 'docker'. This build image has the following runtimes: dotnet, golang, java, nodejs, php, python, ruby`
    - https://github.com/aws/aws-codebuild-docker-images (the runtimes.yml of each image: no
      docker entry in ubuntu/standard/5.0 and later or al/x86_64/standard/5.0 and later;
      al/aarch64/standard/* keep one)
    - https://github.com/aws/aws-codebuild-docker-images/blob/master/al/aarch64/standard/3.0/runtimes.yml
      (the docker entry only echoes "Specifying docker version in buildspec is deprecated")
    - https://docs.aws.amazon.com/codebuild/latest/userguide/sample-docker.html
    """

    code = "B019"
    name = "docker-runtime-removed"
    severity = Severity.ERROR
    summary = "docker under runtime-versions: gone from today's x86_64 images (a warning without an image)"
    applies_to = BUILDSPEC
    prevents = "YAML_FILE_ERROR Message: Unknown runtime named 'docker'"

    def check_image(self, doc, image):
        if image is not None and not image.selects_runtimes:
            return  # runtime-versions is skipped there (B020)
        known = image is not None and image.kind == "codebuild"
        for name, key, _, version in runtime_entries(doc):
            if name != "docker":
                continue
            path = ("phases", "install", "runtime-versions", name)
            if not known:
                without = runtimes.images_without("docker")
                yield self.report(doc, key, "the docker runtime is gone from the x86_64 images "
                                            f"({', '.join(without)}), where the build fails with \"Unknown runtime named 'docker'\"; "
                                            f"on the aarch64 images ({', '.join(runtimes.deprecated_on('docker'))}) it is deprecated, "
                                            "and only the old x86_64 images still use it",
                                  HINT, severity=Severity.WARNING, path=path)
            elif runtimes.deprecation("docker", image.id):
                listed = runtimes.runtimes_of(image.id)["docker"]["versions"]
                fails = version not in (None, "latest") and not runtimes.VARIABLE.match(version or "") \
                    and runtimes.check_version("docker", version, image.id).status != "ok"
                outcome = (f'version "{version}" fails as well ("Unknown runtime version"): this image lists only {", ".join(listed)}' if fails
                           else "the entry installs nothing")
                yield self.report(doc, key, f"docker under runtime-versions is deprecated on {image.id}: its runtimes.yml prints "
                                            f"\"{runtimes.deprecation('docker', image.id)}\"; {outcome}",
                                  HINT, severity=Severity.ERROR if fails else Severity.WARNING, path=path)
            elif "docker" not in runtimes.runtimes_of(image.id):
                yield self.report(doc, key, f'{image.id} has no "docker" runtime: the build fails with "Unknown runtime named '
                                            f"'docker'. This build image has the following runtimes: {', '.join(sorted(runtimes.runtimes_of(image.id)))}\"",
                                  HINT, path=path)
