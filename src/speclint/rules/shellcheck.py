"""The `shellcheck` rule: the switch and the docs for ShellCheck's findings (SCxxxx codes)."""

from __future__ import annotations

from speclint.diagnostics import Severity
from speclint.rules.base import BUILDSPEC, EC2, Rule


class ShellCheck(Rule):
    """ShellCheck's findings in buildspec commands and appspec hook scripts.

    What it does:
    Runs ShellCheck (when installed: `pip install 'speclint[shell]'`) on the commands of a
    buildspec and on the shell hook scripts of an EC2/On-Premises appspec, and reports each
    finding under its own code (`SC2086`) at the exact line and column of the YAML file,
    also inside `|` and `>` blocks and quoted strings. In version 0.2 all commands run in one
    shell, so they are checked as one script in phase order; the variables the buildspec
    defines (env variables, parameter-store, secrets-manager, exported-variables),
    CodeBuild's documented variables and `CODEBUILD_SRC_DIR_<sourceIdentifier>` count as
    assigned. The shell is decided once per buildspec (shell/dialect.py): `env.shell`, else
    the image (Windows: PowerShell; Linux: `/bin/sh`, dash on Ubuntu images and bash on
    Amazon Linux images), else the command text (`$Env:X`, `Write-Host`, `%VAR%`...);
    PowerShell and cmd are never given to ShellCheck. By default only what makes a command
    fail, do something other than intended or hide a failure is reported (ShellCheck's
    error and warning levels minus the quoting and style notes listed in
    `src/speclint/data/shellcheck.json` and the README), always at most as a warning;
    everything else is one `--extend-select SCxxxx` away. SC2154 is off in buildspecs
    (variables from the project and the pipeline are invisible), and the notes that depend
    on which sh runs (SC3xxx, SC2240) are off when nobody said. Template code (`{{ x }}`,
    `{% if %}`) is read as a plain word. Select or ignore ShellCheck codes like speclint's
    own (`--ignore SC2164`, `# speclint: ignore[SC2115]`); `--ignore shellcheck` turns it off.
    Results are cached by script content in the user cache directory.
    speclint adds its own findings about the shell under this code: `set -o pipefail` (also
    `set -euo pipefail`) where dash runs the commands, which ShellCheck's dash mode does not
    report - an error when the image decides (CodeBuild runs the commands with /bin/sh,
    which is dash on the Ubuntu images: aws/aws-codebuild-docker-images#388 and the images'
    Dockerfiles), a warning when only env.shell names dash; dialect notes (SC3xxx) on dash
    say that it is the image's /bin/sh and suggest `env: shell: bash`, and `[[ a == b ]]` is
    one finding (SC3010), not also its parts; when the command text reads as PowerShell or
    cmd (more commands with their marks than with sh marks, quoted text not counted), one
    information note says ShellCheck was not run and why.

    Why it matters:
    Most CodeBuild failures are in the shell commands themselves: a `[` test that is always
    true, a `{VAR}` missing its `$`, a bash-only command under dash, an `rm -rf "$DIR/"*` with
    an empty variable.

    Example:
    ```yaml
    version: 0.2
    phases:
      build:
        commands:
          - aws s3 cp app.zip s3://$BUCKET/{RELEASE_NAME}/app.zip
    ```

    Use instead:
    ```yaml
    phases:
      build:
        commands:
          - aws s3 cp app.zip "s3://$BUCKET/${RELEASE_NAME}/app.zip"
    ```

    References:
    - https://www.shellcheck.net/wiki/
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-cmd.html (Windows images run PowerShell)
    - https://github.com/aws/aws-codebuild-docker-images/issues/388 (without env.shell, an Ubuntu image runs the commands with dash: `script.sh: 4: [: true: unexpected operator`; the same shell stops at `set -o pipefail` with `set: Illegal option -o pipefail`)
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-env-vars.html
    - `Script at specified location: scripts/install.sh run as user root failed with exit code 2` (ScriptFailed:
      "the specified script failed to run as expected",
      https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_Diagnostics.html; the message is
      the agent's, aws/aws-codedeploy-agent, hook_executor.rb): a hook script with a shell syntax
      error fails, bash and dash exit with 2
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.shell
    """

    code = "B026"
    name = "shellcheck"
    severity = Severity.WARNING
    summary = "ShellCheck findings in commands and hook scripts (codes SCxxxx; needs speclint[shell])"
    applies_to = BUILDSPEC | EC2
    stage = "shell"


class ShellCheckFailed(Rule):
    """ShellCheck could not check these commands or this hook script.

    What it does:
    Reports, on each buildspec or hook script concerned, that ShellCheck failed and why: it
    exited with status 2 or more (1 only means it found something), was killed by a signal,
    ran out of memory (each ShellCheck process may use 1 GiB of address space), did not
    finish within the 120 seconds all shell checks of a run may take, was not started
    because that time had run out, or printed something other than its JSON report. What it
    did not check is never taken for "no findings", and never cached.

    Why it matters:
    A gate that fails open is worse than none: a ShellCheck that crashed would otherwise
    look exactly like a clean script, and the run would pass.

    Example:
    A broken or incompatible `shellcheck` binary, a machine out of memory, a hook script of
    many thousands of lines.

    Fragment: the finding is about the ShellCheck run, not the file.

    Use instead:
    Run again; check the install with `shellcheck --version` (or reinstall
    `speclint[shell]`); split very large scripts. `--ignore shellcheck` turns shell checks
    off, `--ignore X002` accepts unchecked scripts.

    References:
    - ShellCheck's exit codes (0 clean, 1 findings, 2 or more: failure): https://github.com/koalaman/shellcheck/blob/master/shellcheck.1.md#return-values
    """

    code = "X002"
    name = "shell-check-failed"
    severity = Severity.ERROR
    summary = "ShellCheck failed, was stopped or was not started: these commands or scripts were not shell-checked"
    applies_to = BUILDSPEC | EC2
    stage = "shell"
