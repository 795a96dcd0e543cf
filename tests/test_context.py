"""The lint context (speclint.context): typed, immutable, built once per file from flags and
configuration; rule options declared in their rule only and validated centrally."""

import textwrap

import pytest

from speclint import config as config_mod, rules
from speclint.config.settings import Flags, Resolver
from speclint.context import LintContext, Option, option_clash
from speclint.diagnostics import Severity
from speclint.lint import Options, lint_bytes, lint_file
from speclint.record import replace
from speclint.rules import Registry, builtin_rules, registry
from speclint.rules.base import BUILDSPEC, Rule


class Throwaway(Rule):
    """Reports the version when the configuration asks for it.

    What it does:
    Reports `version` when `throwaway-loud` is true, naming `throwaway-word`.

    Why it matters:
    It shows that a rule option is declared in its rule only.

    Example:
    ```yaml
    version: 0.2
    ```

    Use instead:
    Nothing.

    References:
    - none
    """

    code = "U777"
    name = "throwaway"
    severity = Severity.WARNING
    summary = "a rule whose options exist only in this test"
    applies_to = BUILDSPEC
    options = {
        "throwaway-loud": Option(bool, False, "Report the version."),
        "throwaway-word": Option(str, "hello", "The word to say.", choices=("hello", "bye")),
        "throwaway-count": Option(int, 1, "How often.", check=lambda n: None if n > 0 else '"throwaway-count" must be positive'),
    }

    def check(self, doc):
        if self.option(doc, "throwaway-loud"):
            node = doc.mapping.get("version")
            for _ in range(self.option(doc, "throwaway-count")):
                yield self.report(doc, node, f"{self.option(doc, 'throwaway-word')} version", "none")


@pytest.fixture
def throwaway(monkeypatch):
    """The registry with Throwaway in it, as a plugin would add it: no other file knows the rule."""
    real = rules.registry
    reg = Registry(builtin_rules(), [Throwaway], [])
    monkeypatch.setattr(rules, "registry", lambda: reg)
    monkeypatch.setattr("speclint.lint.registry", lambda: reg)
    config_mod._find.cache_clear()
    yield reg
    config_mod._find.cache_clear()
    real.cache_clear()


def _found(tmp_path, toml: str, flags: Flags = Flags()) -> list:
    (tmp_path / ".speclint.toml").write_text(toml)
    config_mod._find.cache_clear()  # the same folder, another configuration
    (tmp_path / "buildspec.yml").write_text("version: 0.2\nphases:\n  build:\n    commands: [make]\n")
    options = Resolver(flags).options_for(str(tmp_path / "buildspec.yml"))
    return [(d.code, d.line, d.column, d.message) for d in lint_file(str(tmp_path / "buildspec.yml"), options).diagnostics
            if d.code == "U777"]


def test_a_rule_option_declared_in_its_rule_only_is_validated_and_reachable(tmp_path, throwaway):
    assert throwaway.errors == []
    assert _found(tmp_path, "") == []  # the declared default: quiet
    assert _found(tmp_path, 'throwaway-loud = true\nthrowaway-word = "bye"\nthrowaway-count = 2\n') == [
        ("U777", 1, 10, "bye version"), ("U777", 1, 10, "bye version")]
    assert _found(tmp_path, "throwaway-loud = true\n") == [("U777", 1, 10, "hello version")]


@pytest.mark.parametrize("toml, line, message", [
    ('select = ["B"]\nthrowaway-lod = true\n', 2, 'unknown option "throwaway-lod" in .speclint.toml (did you mean "throwaway-loud"?)'),
    ('\nthrowaway-loud = "yes"\n', 2, '"throwaway-loud" must be true or false, not str \'yes\''),
    ('throwaway-word = "ciao"\n', 1, '"throwaway-word" must be "hello" or "bye", not "ciao"'),
    ('throwaway-word = 3\n', 1, '"throwaway-word" must be "hello" or "bye", not int 3'),
    ('throwaway-count = 0\n', 1, '"throwaway-count" must be positive'),
    ('throwaway-count = 1.5\n', 1, '"throwaway-count" must be a whole number, not float 1.5'),
])
def test_rule_options_are_validated_from_their_declaration(tmp_path, throwaway, toml, line, message):
    (tmp_path / ".speclint.toml").write_text(toml)
    with pytest.raises(config_mod.ConfigError) as caught:
        config_mod.load(str(tmp_path / ".speclint.toml"))
    assert caught.value.line == line
    assert caught.value.message.startswith(message)


def test_without_the_rule_its_options_are_unknown(tmp_path):
    (tmp_path / ".speclint.toml").write_text("throwaway-loud = true\n")
    with pytest.raises(config_mod.ConfigError, match='unknown option "throwaway-loud"'):
        config_mod.load(str(tmp_path / ".speclint.toml"))


def test_every_configuration_key_is_declared_once():
    declared = config_mod.declarations()
    assert registry().errors == []
    assert set(declared) == set(config_mod.SETTINGS) | set(registry().options)
    assert not set(config_mod.SETTINGS) & set(registry().options)
    for key, option in declared.items():
        assert isinstance(option, Option) and option.doc, key
        if option.default is not None:
            assert option.accepts(option.default), key
            if option.check is not None:
                assert option.check(option.default) is None, key
    for rule in registry().all():  # a rule that reads an option declares it
        for key, option in rule.options.items():
            assert registry().options[key] is option or registry().options[key] == option


@pytest.mark.parametrize("options, why", [
    ({"ecs-pipeline": Option(bool, False, "another default")}, "is declared differently"),
    ({"x": Option(float, 1.0, "x")}, "is not an Option"),
    ({"x": (bool, True)}, "is not an Option"),
])
def test_a_plugin_whose_options_clash_is_skipped_not_fatal(options, why):
    """(A rule option named like a setting: test_a_setting_is_never_redefined_by_a_rule.)"""
    clashing = type("Clashing", (Throwaway,), {"code": "U778", "name": "clashing", "options": options})
    reg = Registry(builtin_rules(), [clashing], [])
    assert reg.get("U778") is None
    assert len(reg.errors) == 1 and why in reg.errors[0]
    assert why in option_clash(clashing, registry().options)


def test_flags_override_configuration_override_declared_defaults(tmp_path):
    (tmp_path / ".speclint.toml").write_text('ecs-pipeline = false\ndeployment = "blue-green"\nrevision-root = "rev"\n'
                                             'image = "aws/codebuild/standard:7.0"\nshell-checks = false\n')
    path = str(tmp_path / "appspec.yml")
    ctx = Resolver(Flags()).options_for(path).context
    assert ctx.option("ecs-pipeline", registry().options["ecs-pipeline"]) is False
    assert ctx.option("deployment", registry().options["deployment"]) == "blue-green"
    assert ctx.option("load-balancer", registry().options["load-balancer"]) is None  # not said
    assert ctx.revision_root == str(tmp_path / "rev")
    assert (ctx.config_image, ctx.config_image_where) == ("aws/codebuild/standard:7.0", "`image` in .speclint.toml")
    assert ctx.shell_checks is False and ctx.image is None and ctx.stdin is False
    flagged = Resolver(Flags(ecs_pipeline=True, deployment="in-place", load_balancer=False, revision_root="/r",
                             image="standard:6.0", shell_checks=True)).options_for(path, stdin=True).context
    assert dict(flagged.options) == {"ecs-pipeline": True, "deployment": "in-place", "load-balancer": False}
    assert (flagged.revision_root, flagged.image, flagged.shell_checks, flagged.stdin) == ("/r", "standard:6.0", True, True)
    isolated = Resolver(Flags(isolated=True)).options_for(path).context
    assert isolated == LintContext()


def test_the_context_is_immutable_and_documents_get_copies():
    ctx = LintContext(image="aws/codebuild/standard:7.0")
    with pytest.raises(AttributeError):
        ctx.image = "other"
    options = Options(context=ctx)
    text = b"version: 0.2\n# speclint: image=aws/codebuild/standard:5.0\nphases:\n  build:\n    commands: [make]\n"
    for _ in range(3):
        lint_bytes("buildspec.yml", text, options)
    assert options.context is ctx and ctx.image_choice is None  # each document got its own copy
    assert replace(ctx, image_choice="x").image == ctx.image
    assert ctx.with_options({"ecs-pipeline": False}).options == (("ecs-pipeline", False),)
    assert ctx.options == ()
    # hashable and comparable by value: a language server can key its caches on it
    assert hash(ctx.with_options({"ecs-pipeline": False})) == hash(ctx.with_options({"ecs-pipeline": False}))
    assert ctx.with_options({"deployment": "in-place"}) != ctx


def test_rule_options_reach_the_rules_through_the_context():
    text = textwrap.dedent("""\
        version: 0.0
        os: linux
        hooks:
          BeforeAllowTraffic:
            - location: scripts/warm.sh
        """).encode()
    quiet = lint_bytes("appspec.yml", text, Options())
    assert "A115" not in [d.code for d in quiet.diagnostics]
    ctx = LintContext().with_options({"deployment": "in-place", "load-balancer": False})
    loud = lint_bytes("appspec.yml", text, Options(context=ctx))
    assert [(d.code, d.line, d.column) for d in loud.diagnostics if d.code == "A115"] == [("A115", 4, 3)]
    blue = lint_bytes("appspec.yml", text, Options(context=ctx.with_options({"deployment": "blue-green"})))
    assert "A115" not in [d.code for d in blue.diagnostics]


def test_rule_docs_list_the_declared_options():
    from speclint.docs import config_table, rule_markdown

    page = rule_markdown(registry().get("A115"))
    assert "### Options" in page and "| `load-balancer` | bool | not set |" in page
    assert '| `deployment` | str | `"in-place"` |' in page
    assert "### Options" not in rule_markdown(registry().get("B001"))
    assert "| `ecs-pipeline` | bool |" in config_table() and "Read by A111, A124, A125." in config_table()


def test_setting_defaults_live_in_their_declaration(tmp_path, monkeypatch):
    assert config_mod.EMPTY.get("fail-on") == "error" and config_mod.EMPTY.get("respect-gitignore") is True
    assert config_mod.EMPTY.get("image") is None and config_mod.EMPTY.get("ecs-pipeline") is None  # a rule's default is the rule's
    config_mod.EMPTY.get("select").append("B001")  # a copy: nobody can change the declared default
    assert config_mod.EMPTY.get("select") == []
    monkeypatch.setitem(config_mod.SETTINGS, "shell-checks", Option(bool, False, "off unless asked"))
    monkeypatch.setitem(config_mod.SETTINGS, "fail-on", Option(str, "warning", "stricter"))
    resolver = Resolver(Flags(isolated=True))
    assert resolver.options_for(str(tmp_path / "buildspec.yml")).context.shell_checks is False
    assert str(resolver.fail_on()) == "warning"


WRONG = {bool: '"yes"', int: '"12"', str: "3", list: "3", dict: '"x"'}


@pytest.mark.parametrize("key", sorted(config_mod.declarations()))
def test_every_declared_key_is_type_checked_where_it_is_written(tmp_path, key):
    option = config_mod.declarations()[key]
    (tmp_path / ".speclint.toml").write_text(f'# a comment\n{key} = {WRONG[option.type]}\n')
    with pytest.raises(config_mod.ConfigError) as caught:
        config_mod.load(str(tmp_path / ".speclint.toml"))
    assert caught.value.line == 2
    assert caught.value.message.startswith(f'"{key}" must be {option.expected()}, not ')


def test_a_document_overrides_the_image_with_a_copy_of_the_context(tmp_path):
    """How a buildspec embedded in a template takes the project's `Environment.Image` over the
    configuration's image (issue 16): a copy of the file's context, the file's own untouched."""
    (tmp_path / ".speclint.toml").write_text('image = "aws/codebuild/standard:7.0"\n')
    config_mod._find.cache_clear()
    options = Resolver(Flags()).options_for(str(tmp_path / "buildspec.yml"))
    text = b"version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.12\n  build:\n    commands: [make]\n"
    assert [d.code for d in lint_bytes("buildspec.yml", text, options).diagnostics] == []
    embedded = replace(options, context=replace(options.context, config_image="aws/codebuild/standard:4.0",
                                                config_image_where="`Environment.Image` of Build in template.yaml"))
    found = [(d.code, d.line, d.column, d.message) for d in lint_bytes("buildspec.yml", text, embedded).diagnostics]
    assert ("B018", 5, 15, 'unknown python version "3.12" on aws/codebuild/standard:4.0: this build image has the versions '
            "3.9, 3.8, 3.7 and cannot install others") in found
    assert any(code == "B021" and "(from `Environment.Image` of Build in template.yaml)" in message
               for code, _, _, message in found)
    assert options.context.config_image == "aws/codebuild/standard:7.0"
    config_mod._find.cache_clear()


def test_what_a_host_says_overrides_the_file_context_for_its_document_only():
    from speclint.lint import prepare
    from speclint.source.document import Document

    options = Options(context=LintContext(config_image="aws/codebuild/standard:7.0", config_image_where="`image` in x.toml"))
    doc = Document(path="template.yaml", text="version: 0.2\n", root=None, kind="buildspec",
                   host_context={"config_image": "aws/codebuild/standard:5.0",
                                 "config_image_where": "`Environment.Image` of Build in template.yaml"})
    prepare(doc, options)
    assert (doc.context.image_choice.name, doc.context.image_choice.why) == (
        "aws/codebuild/standard:5.0", "`Environment.Image` of Build in template.yaml")
    plain = Document(path="buildspec.yml", text="version: 0.2\n", root=None, kind="buildspec")
    prepare(plain, options)
    assert plain.context.image_choice.name == "aws/codebuild/standard:7.0"
    assert options.context.image_choice is None


def test_a_setting_is_never_redefined_by_a_rule(monkeypatch):
    shadowing = type("Shadowing", (Throwaway,), {"code": "U779", "name": "shadowing",
                                                 "options": {"image": Option(int, 3, "not the image")}})
    reg = Registry(builtin_rules(), [shadowing], [])
    monkeypatch.setattr(rules, "registry", lambda: reg)
    assert config_mod.declarations()["image"] is config_mod.SETTINGS["image"]
    assert "image" not in Resolver(Flags(isolated=True))._rule_option_keys()


def _near_misses(choice: str) -> list:
    """Ways a value is mistyped: no hyphen, a dropped letter, another case, a swapped pair."""
    out = [choice.replace("-", ""), choice[:-1], choice.upper(), choice.replace("-", "_")]
    if len(choice) > 3:
        out.append(choice[:1] + choice[2] + choice[1] + choice[3:])
    return [m for m in dict.fromkeys(out) if m != choice]


@pytest.mark.parametrize("key,choice,typed", [
    (key, choice, typed) for key, option in config_mod.declarations().items() if option.choices
    for choice in option.choices for typed in _near_misses(choice) if typed not in option.choices])
def test_a_near_miss_of_an_option_choice_gets_a_suggestion(tmp_path, key, choice, typed):
    (tmp_path / ".speclint.toml").write_text(f'{key} = "{typed}"\n')
    with pytest.raises(config_mod.ConfigError) as caught:
        config_mod.load(str(tmp_path / ".speclint.toml"))
    assert caught.value.message.endswith(f'not "{typed}" (did you mean "{choice}"?)'), caught.value.message


@pytest.mark.parametrize("toml,hint", [('fail-on = "warn"\n', '(did you mean "warning"?)'),
                                       ('severity = { B004 = "eror" }\n', '(did you mean "error"?)'),
                                       ('deployment = "inplace"\n', '(did you mean "in-place"?)')])
def test_a_near_miss_of_a_severity_gets_a_suggestion(tmp_path, toml, hint):
    (tmp_path / ".speclint.toml").write_text(toml)
    with pytest.raises(config_mod.ConfigError) as caught:
        config_mod.load(str(tmp_path / ".speclint.toml"))
    assert caught.value.message.endswith(hint), caught.value.message
