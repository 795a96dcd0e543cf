"""Checks reported by the pipeline itself: reading and parsing (Y), the schemas (S), the file (F).

They are rules like any other (codes, docs, severities, selectable), but the loader and
the schema stage emit them, because only those stages see the problem.
"""

from __future__ import annotations

from speclint.diagnostics import Severity
from speclint.rules.base import Rule


class YamlSyntax(Rule):
    """The file is not valid YAML (or JSON).

    What it does:
    Reports the YAML parser's error at the line and column where parsing stopped.

    Why it matters:
    CodeBuild fails the whole build in DOWNLOAD_SOURCE with `YAML_FILE_ERROR`, and the
    CodeDeploy agent fails the deployment (`Psych::SyntaxError`); nothing in the file runs.

    Example:
    ```yaml
    phases:
      build:
        commands:
          - echo "status: done"   # fine, quoted
          - echo status: done && make: all
    ```

    Use instead:
    ```yaml
          - 'echo status: done && make: all'
    ```

    References:
    - `YAML_FILE_ERROR Message: mapping values are not allowed in this context at line 0`
    - `YAML_FILE_ERROR Message: found character that cannot start any token at line 3` (CodeBuild
      on a tab in the indentation: https://github.com/awsdocs/aws-codebuild-user-guide/pull/25)
    - The other messages of the YAML parsers (go-yaml in CodeBuild, libyaml through Psych in the
      CodeDeploy agent) name where parsing stopped in the same way:
      `YAML_FILE_ERROR Message: did not find expected key at line 12`,
      `found a tab character that violates indentation` (go-yaml) and
      `found a tab character that violate indentation` (libyaml, scanner.c)
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html
    """

    code = "Y001"
    name = "yaml-syntax"
    severity = Severity.ERROR
    summary = "the file is not valid YAML"
    prevents = "YAML_FILE_ERROR / Psych::SyntaxError"
    stage = "loader"


class DuplicateKey(Rule):
    """A mapping has the same key twice.

    What it does:
    Reports the second occurrence of a key, naming where the first one is.

    Why it matters:
    YAML parsers keep only the last value, silently: with two `AfterInstall:` blocks only
    the second runs, with two `commands:` only the last list runs.

    Example:
    ```yaml
    hooks:
      AfterInstall:
        - location: scripts/migrate.sh
      AfterInstall:
        - location: scripts/warm_cache.sh
    ```

    Use instead:
    ```yaml
    hooks:
      AfterInstall:
        - location: scripts/migrate.sh
        - location: scripts/warm_cache.sh
    ```

    Fix safety:
    Safe where the earlier value is a scalar or empty: the fix removes the earlier key and
    its value, the lines that AWS already ignores; what AWS reads does not change. Where the
    earlier value is a mapping or list with content and the later one has the same shape,
    the fix is unsafe: AWS reads the same, but the author may have meant both blocks (merge
    them by hand, as in the example). There is no fix where the shapes differ (a key read
    twice because indentation was lost would take command lists with it), in a flow mapping
    (`{...}`), where the key shares its line with another, or where an anchor inside it may
    be used elsewhere.

    References:
    - The CodeDeploy agent reads the appspec with Ruby's Psych (aws/aws-codedeploy-agent,
      application_specification.rb), which keeps the last of duplicate keys without a word.
    - A warning, not an error: AWS accepts the file; what is lost is the first block.
    """

    code = "Y002"
    name = "duplicate-key"
    severity = Severity.WARNING
    summary = "a key appears twice in one mapping; only the last one is used"
    prevents = "a hook or command list that silently never runs"
    stage = "loader"
    fix_safety = "safe"


class Encoding(Rule):
    """The file is not UTF-8 text.

    What it does:
    Reports UTF-16/UTF-32 files, invalid UTF-8 bytes and binary files (NUL bytes), at the
    first offending byte.

    Why it matters:
    CodeBuild and the CodeDeploy agent read these files as UTF-8; anything else fails to
    parse or is read as garbage.

    Example:
    A buildspec saved by an editor as "UTF-16 LE".

    Fragment: the encoding cannot be shown in a text example.

    Use instead:
    Save the file as UTF-8 without a byte-order mark.

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html
    - The CodeDeploy agent parses `File.read(appspec)` as UTF-8 with Ruby's Psych (libyaml), which
      stops at invalid UTF-8 and NUL bytes (aws/aws-codedeploy-agent, command_executor.rb).
      That CodeBuild fails on a UTF-16 or UTF-32 buildspec is inferred: a warning there.
    """

    code = "Y003"
    name = "encoding"
    severity = Severity.ERROR
    summary = "the file is not UTF-8 text"
    prevents = "YAML_FILE_ERROR; an appspec read as garbage"
    stage = "loader"


class ByteOrderMark(Rule):
    """The file starts with a UTF-8 byte-order mark (BOM).

    What it does:
    Reports a BOM at line 1. It is an error in EC2/On-Premises appspecs and a warning elsewhere.

    Why it matters:
    The CodeDeploy agent's Ruby parser (Psych 4.0.3) keeps only the first line of an appspec
    that starts with a BOM and then fails with `unsupported operating system ()`. Windows
    editors and PowerShell's `Out-File` add BOMs without asking.

    Example:
    A file written with `Set-Content -Encoding utf8` in Windows PowerShell 5.

    Fragment: the byte-order mark cannot be shown in a text example.

    Use instead:
    Save as "UTF-8" (not "UTF-8 with BOM"); in PowerShell 7 use `-Encoding utf8NoBOM`.

    Fix safety:
    Safe: the fix removes the three bytes of the mark and nothing else. Where AWS reads the
    file it reads the same text after; where the agent stops at the mark (EC2/On-Premises),
    the deployment was rejected, so nothing that works today changes.

    References:
    - `The deployment failed because the application specification file specifies an unsupported operating system ()`
    """

    code = "Y004"
    name = "byte-order-mark"
    severity = Severity.WARNING
    summary = "the file starts with a UTF-8 byte-order mark"
    prevents = "unsupported operating system () (EC2 appspec)"
    stage = "loader"
    fix_safety = "safe"


class EmptyFile(Rule):
    """The file is empty, or holds only comments.

    What it does:
    Reports a file with no YAML content.

    Why it matters:
    CodeDeploy fails with `the application specification file was empty`; CodeBuild fails
    with `YAML_FILE_ERROR`.

    Example:
    ```yaml
    # deployment settings: see the wiki
    ```

    Use instead:
    At least `version` and `os` (EC2 appspec), `version` and `Resources` (Lambda/ECS), or
    `version` and `phases` (buildspec).

    References:
    - `The deployment failed because the application specification file was empty.`
    """

    code = "Y005"
    name = "empty-file"
    severity = Severity.ERROR
    summary = "the file has no content"
    prevents = "the application specification file was empty"
    stage = "loader"


class NotAMapping(Rule):
    """The top level of the file is not a mapping.

    What it does:
    Reports a document that is a list, a scalar or null instead of `key: value` pairs.

    Why it matters:
    Every buildspec and appspec is a mapping at the top level; anything else is rejected.

    Example:
    ```yaml
    - version: 0.2
    - phases: {}
    ```

    Use instead:
    ```yaml
    version: 0.2
    phases: {}
    ```

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec-ref-syntax
    - Without a top-level mapping there is no `version`: CodeBuild fails with "YAML_FILE_ERROR
      Message: invalid buildspec `version` specified", the agent with "an invalid version value"
      (aws/aws-codedeploy-agent, application_specification.rb).
    """

    code = "Y006"
    name = "not-a-mapping"
    severity = Severity.ERROR
    summary = "the top level of the file is not a mapping"
    prevents = "YAML_FILE_ERROR"
    stage = "loader"


class MultipleDocuments(Rule):
    """The file has more than one YAML document (`---`).

    What it does:
    Reports the start of the second document.

    Why it matters:
    AWS reads only the first document; whatever follows the separator is silently ignored.

    Example:
    ```yaml
    version: 0.2
    ---
    phases: ...
    ```

    Use instead:
    One document per file.

    References:
    - YAML 1.1 streams; CodeBuild and the CodeDeploy agent load a single document
    """

    code = "Y007"
    name = "multiple-documents"
    severity = Severity.WARNING
    summary = "only the first YAML document of the file is read"
    prevents = "settings after '---' silently ignored"
    stage = "loader"


class FileTooLarge(Rule):
    """The file is larger than speclint's size limit.

    What it does:
    Reports files over `--max-file-size` (default 2 MiB) without parsing them.

    Why it matters:
    No real buildspec or appspec comes near this size; such a file is almost always a log or
    generated output that matched the name pattern, and parsing it would only waste time.

    Example:
    A 50 MB log file named `buildspec.yml`.

    Fragment: a file over the size limit cannot be shown here.

    Use instead:
    Exclude the file, or raise the limit with `--max-file-size`.

    References:
    - speclint's own limit
    """

    code = "Y008"
    name = "file-too-large"
    severity = Severity.ERROR
    summary = "the file is larger than the size limit and was not checked"
    stage = "loader"


class DocumentTooComplex(Rule):
    """Aliases or nesting make the document absurdly large or deep.

    What it does:
    Reports documents nested deeper than 500 levels or whose aliases expand to more than
    250,000 nodes (a "billion laughs" alias bomb), and stops checking them.

    Why it matters:
    Such files are attacks or generator bugs; parsers that expand aliases run out of memory.

    Example:
    ```yaml
    version: 0.2
    phases:
      build:
        commands: [make]
    a: &a [x, x, x, x, x, x, x, x, x]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
    e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
    f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]
    ```

    Use instead:
    Plain YAML; use anchors only for small shared blocks.

    References:
    - https://en.wikipedia.org/wiki/Billion_laughs_attack
    """

    code = "Y009"
    name = "document-too-complex"
    severity = Severity.ERROR
    summary = "aliases or nesting make the document too large to check"
    stage = "loader"


class UnknownTag(Rule):
    """A YAML tag such as `!Ref` or `!Sub` appears in the file.

    What it does:
    Reports custom tags; speclint reads the tagged value as plain data.

    Why it matters:
    CloudFormation's short-form intrinsic functions only work inside CloudFormation
    templates; in a buildspec or appspec file nothing resolves them.

    Example:
    ```yaml
    env:
      variables:
        BUCKET: !Ref ArtifactBucket
    ```

    Use instead:
    Pass the value as a project environment variable, or build the buildspec inline in the
    template with `!Sub`.

    References:
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
    """

    code = "Y010"
    name = "unknown-tag"
    severity = Severity.WARNING
    summary = "a YAML tag that AWS does not resolve"
    stage = "loader"


class UnknownKey(Rule):
    """A key that is not part of the format at this place.

    What it does:
    Reports keys the schema does not know, with a did-you-mean and the valid keys.

    Why it matters:
    AWS ignores most unknown keys silently: a misspelt `artifacts.paths` uploads nothing, a
    `runAs` runs the script as root, a `Hooks:` in an EC2 appspec runs no hook at all. Where
    the ignored key changes what happens, the message says what: `fileFormat` in a report means
    the report is read as JUNITXML. These stay warnings: AWS accepts the file and the run goes
    on, only without the setting.

    Example:
    ```yaml
    version: 0.2
    phases:
      build:
        commands:
          - make
    artifacts:
      paths:
        - build/**/*
    ```

    Use instead:
    ```yaml
    artifacts:
      files:
        - build/**/*
    ```

    Fix safety:
    Unsafe, and only for known mistakes (listed in `speclint/data/fix_renames.json`):
    `artifacts.paths` -> `files`, and in EC2/On-Premises appspecs `Hooks`, `Files`,
    `Permissions` -> lower case and `runAs` -> `runas`. The fix renames the key, so AWS
    starts using a setting it ignored: files are uploaded, hooks run, scripts run as
    another user. Other unknown keys have no fix (the did-you-mean is a guess), nor a
    rename onto a key that is already there.

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file.html
    """

    code = "S001"
    name = "unknown-key"
    severity = Severity.WARNING
    summary = "a key the format does not define at this place"
    prevents = "settings that are silently ignored"
    stage = "schema"
    fix_safety = "unsafe"


class MissingKey(Rule):
    """A required key is missing.

    What it does:
    Reports the mapping that lacks a required key (at its own key), naming the key.

    Why it matters:
    AWS rejects the file (`version` missing), or the section is unusable (`artifacts`
    without `files` uploads nothing and fails the build).

    Example:
    ```yaml
    version: 0.2
    phases:
      build:
        commands:
          - npm run build
    artifacts:
      base-directory: dist
    ```

    Use instead:
    ```yaml
    artifacts:
      base-directory: dist
      files:
        - '**/*'
    ```

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html
    - Per constraint, the schemas name their evidence: `x-evidence` (AWS rejects it: an error) or
      `x-inferred` (not known to be rejected: a warning); `speclint schema NAME` prints them.
    """

    code = "S003"
    name = "missing-key"
    severity = Severity.ERROR
    summary = "a required key is missing"
    stage = "schema"


class WrongType(Rule):
    """A value has the wrong type (a mapping where a list is needed, a string for a number...).

    What it does:
    Reports the value, naming the type found and the type expected.

    Why it matters:
    AWS's parsers reject or crash on wrong types: `files:` as a mapping crashes the
    CodeDeploy agent (`TypeError`), a hook written as a mapping crashes it too
    (`NoMethodError`), a command that YAML read as a mapping fails CodeBuild with
    `Expected Commands[N] to be of string type`.

    Example:
    ```yaml
    version: 0.0
    os: linux
    hooks:
      AfterInstall:
        location: scripts/after.sh
    ```

    Use instead:
    ```yaml
    hooks:
      AfterInstall:
        - location: scripts/after.sh
    ```

    References:
    - `YAML_FILE_ERROR Message: Expected Commands[0] to be of string type: found subkeys instead`
    - Per constraint, the schemas name their evidence: `x-evidence` (AWS rejects it: an error) or
      `x-inferred` (not known to be rejected: a warning); `speclint schema NAME` prints them.
    """

    code = "S004"
    name = "wrong-type"
    severity = Severity.ERROR
    summary = "a value has the wrong type"
    stage = "schema"


class InvalidValue(Rule):
    """A value is not one of the values AWS accepts here.

    What it does:
    Reports enumerated values, constants and patterns that do not match, listing the valid
    values and the closest one.

    Why it matters:
    `os: Linux`, `file_exists_behavior: overwrite`, `version: 1.0` and friends are rejected
    by AWS at deploy or build time.

    Example:
    ```yaml
    os: Linux
    ```

    Use instead:
    ```yaml
    os: linux
    ```

    References:
    - `The deployment failed because the application specification file specifies an unsupported operating system (Linux).`
    - `The deployment failed because an invalid version value (1.0) was entered in the application specification file.`
      (the CodeDeploy agent on an appspec `version` other than 0.0: aws/aws-codedeploy-agent,
      application_specification.rb)
    - Per constraint, the schemas name their evidence: `x-evidence` (AWS rejects it: an error) or
      `x-inferred` (not known to be rejected: a warning); `speclint schema NAME` prints them.
    """

    code = "S005"
    name = "invalid-value"
    severity = Severity.ERROR
    summary = "a value AWS does not accept here"
    stage = "schema"


class OutOfRange(Rule):
    """A number, string or list is outside its allowed range or size.

    What it does:
    Reports numbers below a minimum or above a maximum, empty strings, and lists or
    mappings with too few or too many entries.

    Why it matters:
    `timeout: 0` fails the deployment; more than 5 report groups or 5 cache fallback keys
    are rejected; an ECS or Lambda appspec takes exactly one resource.

    Example:
    ```yaml
    version: 0.2
    phases:
      build:
        commands:
          - make
    cache:
      key: deps
      fallback-keys: [a, b, c, d, e, f]
    ```

    Use instead:
    At most five fallback keys.

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.cache
    - Per constraint, the schemas name their evidence: `x-evidence` (AWS rejects it: an error) or
      `x-inferred` (not known to be rejected: a warning); `speclint schema NAME` prints them.
    """

    code = "S006"
    name = "out-of-range"
    severity = Severity.ERROR
    summary = "a value is outside its allowed range or size"
    stage = "schema"


class ConflictingKeys(Rule):
    """Keys that cannot be used together, or a name that is not allowed.

    What it does:
    Reports combinations the format forbids, such as `compute-type` together with `fleet` in
    one batch task, and names reserved by AWS (variables starting with `CODEBUILD_`).

    Why it matters:
    CodeBuild rejects the batch or ignores the reserved variable.

    Example:
    ```yaml
    version: 0.2
    batch:
      build-list:
        - identifier: linux_large
          env:
            compute-type: BUILD_GENERAL1_LARGE
            fleet: my-fleet
    phases:
      build:
        commands:
          - make
    ```

    Use instead:
    Either `compute-type` or `fleet`.

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/batch-build-buildspec.html
    - Per constraint, the schemas name their evidence: `x-evidence` (AWS rejects it: an error) or
      `x-inferred` (not known to be rejected: a warning); `speclint schema NAME` prints them.
    """

    code = "S007"
    name = "conflicting-keys"
    severity = Severity.ERROR
    summary = "keys that cannot be used together, or a reserved name"
    stage = "schema"


class TemplatePlaceholder(Rule):
    """A value is a template placeholder that a later step fills in.

    What it does:
    Notes values such as `{{ alias }}`, `${VERSION}`, `<TASK_DEFINITION>` or `__TAG__` where
    the format expects something specific, instead of reporting them as invalid.

    Why it matters:
    Many pipelines keep appspecs as templates and substitute values before deploying; the
    template itself is not wrong. The value is checked once it is filled in.

    Example:
    ```yaml
    version: 0.0
    Resources:
      - checkout:
          Type: AWS::Lambda::Function
          Properties:
            Name: checkout
            Alias: live
            CurrentVersion: "{{ current_version }}"
            TargetVersion: "{{ target_version }}"
    ```

    Use instead:
    Nothing to change; lint the rendered file too if you can.

    References:
    - https://docs.aws.amazon.com/codepipeline/latest/userguide/tutorials-ecs-ecr-codedeploy.html
    """

    code = "S008"
    name = "template-placeholder"
    severity = Severity.INFO
    summary = "a value is a template placeholder and was not checked"
    stage = "schema"


class KindMismatch(Rule):
    """The file's name says one kind and its content says the other.

    What it does:
    Reports an `appspec.yml` that contains a buildspec (or the reverse), and lints it as what
    its content is.

    Why it matters:
    CodeDeploy would read a buildspec named `appspec.yml` and fail (`unsupported operating
    system ()`), and CodeBuild would fail on an appspec named `buildspec.yml`.

    Example:
    A file `appspec.yaml` that starts with `version: 0.2` and `phases:`.

    Fragment: the finding depends on the file's name as well as its content.

    Use instead:
    Rename the file, or put the right content in it.

    References:
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file.html
    - What reads the file fails on the other kind's version: CodeBuild with "YAML_FILE_ERROR Message:
      invalid buildspec `version` specified: 0.0", the CodeDeploy agent with "an invalid version value
      (0.2)" (aws/aws-codedeploy-agent, application_specification.rb).
    - A warning: a CodeBuild project may name this file as its buildspec (and a pipeline may
      name an ECS appspec anything); only what reads it by its name fails.
    """

    code = "F002"
    name = "kind-mismatch"
    severity = Severity.WARNING
    summary = "the file's name and content disagree on its kind"
    stage = "classify"


class UnrecognizedFile(Rule):
    """speclint cannot tell whether the file is a buildspec or an appspec, or it is another tool's file.

    What it does:
    Reports, once, a file given on the command line that is neither by name nor by content
    (a warning), and a file named like a buildspec or appspec whose content has none of
    that format's top-level keys and not its version (an info: another tool's file, such
    as a MoveApps `appspec.json` with `version`, `settings` and `dependencies`). Neither is
    checked further, so no schema errors are reported for them.

    Why it matters:
    Nothing is checked in such a file; `--kind` tells speclint what it is. A file of
    another platform that only shares the name is not a mistake.

    Example:
    `speclint ci/deploy.yml` on a file with only `steps:`; an `appspec.json` of
    `{"version": "1.2", "settings": [], "dependencies": {}}`.

    Fragment: the finding depends on the file's name as well as its content.

    Use instead:
    `speclint --kind buildspec ci/deploy.yml`; for another tool's file, nothing
    (`exclude` it to silence the note).

    References:
    - speclint's classification (README, "Which files are linted")
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure.html (the appspec's top-level keys)
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec-ref-syntax (the buildspec's)
    """

    code = "F001"
    name = "unrecognized-file"
    severity = Severity.INFO
    summary = "the file is neither a buildspec nor an appspec (or is another tool's file of the same name)"
    stage = "classify"


class SpecFileName(Rule):
    """A buildspec or EC2/On-Premises appspec whose name is almost the one AWS reads.

    What it does:
    Reports `appsepc.yml`, `app-spec.yml`, `Appspec.yml`, `appspec.yml.txt` (another case, a
    separator, one typo or an extra `.txt`) with EC2/On-Premises content, and the same near
    misses of `buildspec.yml`. Deliberate variants (`appspec-prod.yml`,
    `buildspec-test.yml`), template sources (`buildspec.yml.j2`) and Lambda or ECS appspecs
    (which may have any name) are not reported, nor is a difference of case alone in an
    `os: windows` appspec (Windows finds files whatever their case); `buildspec.yaml` is
    rule B016's.

    Why it matters:
    The CodeDeploy agent reads `appspec.yml` (or `appspec.yaml`) at the root of the bundle,
    with exactly that spelling on Linux, and fails the deployment when it is missing.
    CodeBuild reads `buildspec.yml` at the source root unless the project names another
    file; this is a warning because the project (or the build that assembles the bundle)
    may name or copy the file, which speclint cannot see.

    Example:
    `appsepc.yml` at the root of a repository deployed to EC2.

    Fragment: the finding is about the file's name, not its content.

    Use instead:
    `appspec.yml`.

    References:
    - `The CodeDeploy agent did not find an AppSpec file within the unpacked revision directory at revision-relative path "appspec.yml"`
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file.html (named `appspec.yml` or
      `appspec.yaml`, at the root of the revision, for EC2/On-Premises)
    - https://github.com/aws/aws-codedeploy-agent (the agent looks for exactly these names in the unpacked revision)
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec-ref-name-storage
      (`buildspec.yml` at the source root unless the project names another file)
    """

    code = "F003"
    name = "spec-file-name"
    severity = Severity.WARNING
    summary = "a buildspec or EC2 appspec named almost like the file AWS reads (appsepc.yml, Buildspec.yml)"
    prevents = "The CodeDeploy agent did not find an AppSpec file; YAML_FILE_ERROR Message: YAML file does not exist"
    stage = "classify"


class TemplateSource(Rule):
    """The file is a template source (Jinja, Handlebars, Go template, ERB, Terraform), not YAML until rendered.

    What it does:
    Reports, once, the first template tag that stands where YAML structure stands (at the
    start of a line, outside block scalars), names the template syntax, and checks nothing
    else in the file. Placeholders inside values (`- echo {{ tag }}`) do not count: such
    files are linted as usual.

    Why it matters:
    AWS only ever sees the rendered file; the template's own tags would be YAML syntax
    errors, and reporting them as such would be noise.

    Example:
    ```yaml
    version: 0.2
    phases:
      build:
        commands:
    {% for target in targets %}
          - make {{ target }}
    {% endfor %}
    ```

    Use instead:
    Lint the rendered file (`speclint rendered/buildspec.yml`), or exclude the template.

    References:
    - speclint's classification (README, "Which files are linted")
    """

    code = "F004"
    name = "template-source"
    severity = Severity.INFO
    summary = "a template source (Jinja, Handlebars, Go, ERB, Terraform) that is YAML only once rendered"
    stage = "classify"


class PathNotFound(Rule):
    """A path given on the command line does not exist.

    What it does:
    Reports, at line 1 of the path as given, a file or folder named on the command line (or
    by pre-commit) that is not there, including a symbolic link whose target is gone.

    Why it matters:
    A mistyped path would otherwise lint nothing and pass; a CI job that checks
    `ci/buildspec.yml` after the file moved should fail, not go green. As with ruff's
    `E902`, it is a finding (exit code 1), not a usage error, so the other paths are still
    linted and reported.

    Example:
    `speclint buildspec.yaml` when the file is called `buildspec.yml`.

    Fragment: the finding is about a path that does not exist.

    Use instead:
    `speclint buildspec.yml`, or `speclint .` to search the folder.

    References:
    - speclint's command line (README, "Which files are linted"); ruff reports a missing
      path the same way (https://github.com/astral-sh/ruff/pull/240)
    """

    code = "F006"
    name = "path-not-found"
    severity = Severity.ERROR
    summary = "a path given on the command line does not exist"
    stage = "loader"


class InternalError(Rule):
    """speclint itself failed on this file (a bug).

    What it does:
    Reports a rule or stage that raised, with the exception, so the other rules and files
    still run.

    Why it matters:
    Please report it with the file (or a reduced copy) at the project's issue tracker.

    Example:
    Any file that triggers a bug.

    Fragment: an internal error has no example file.

    Use instead:
    Report the bug; `--ignore` the code meanwhile.

    References:
    - speclint's issue tracker
    """

    code = "X001"
    name = "internal-error"
    severity = Severity.ERROR
    summary = "speclint failed on this file; please report it"
    stage = "pipeline"


# The checks the loader reports (the code table names every rule; speclint.codes).
LOADER_CHECKS = {rule.name: rule for rule in list(globals().values())
                 if isinstance(rule, type) and issubclass(rule, Rule) and rule.stage == "loader"}
