"""The loader: exact positions for every node, YAML 1.1 values, and problems as findings."""

from conftest import brief, lint_text

from speclint.source.loader import load
from speclint.source.nodes import MappingNode, SequenceNode


def test_every_node_has_exact_positions():
    root = load(b"version: 0.2\nenv:\n  variables:\n    N: 3\n    B: yes\n    Z: null\n    S: 'x'\n").root
    env_key, env = root.index()["env"]
    assert (env_key.start_line, env_key.start_column, env_key.end_column) == (2, 1, 4)
    variables = env.get("variables")
    values = {k: v for k, v in ((key.value, val) for key, val in variables.pairs)}
    assert (values["N"].start_line, values["N"].start_column, values["N"].value) == (4, 8, 3)
    assert (values["B"].start_line, values["B"].start_column, values["B"].value) == (5, 8, True)
    assert (values["Z"].start_line, values["Z"].value, values["Z"].yaml_type) == (6, None, "null")
    assert (values["S"].start_column, values["S"].end_column, values["S"].style) == (8, 11, "single")


def test_yaml_11_values_keep_their_source_text():
    root = load(b"a: 0755\nb: '0755'\nc: 3.10\nd: 0.0\ne: 'on'\nf: on\n").root
    get = root.get
    assert (get("a").value, get("a").text, get("a").style) == (493, "0755", "plain")
    assert (get("b").value, get("b").is_quoted) == ("0755", True)
    assert (get("c").value, get("c").text) == (3.1, "3.10")
    assert (get("d").value, get("d").yaml_type) == (0.0, "float")
    assert (get("e").value, get("f").value) == ("on", True)


def test_block_and_flow_scalars_positions():
    root = load(b"cmds:\n  - |\n    echo a\n    echo b\n  - [x, {y: 1}]\n").root
    items = root.get("cmds").items
    assert (items[0].start_line, items[0].start_column, items[0].end_line) == (2, 5, 4)
    assert items[0].style == "literal" and items[0].value == "echo a\necho b\n"
    flow = items[1]
    assert isinstance(flow, SequenceNode) and flow.flow
    inner = flow.items[1]
    assert isinstance(inner, MappingNode) and (inner.pairs[0][1].start_line, inner.pairs[0][1].start_column) == (5, 13)


def test_json_appspec_positions():
    data = b'{\n\t"version": 0.0,\n\t"Resources": [{"TargetService": {"Type": "AWS::ECS::Service"}}]\n}\n'
    root = load(data).root
    key, value = root.index()["version"]
    assert (key.start_line, key.start_column, value.start_column, value.value) == (2, 2, 13, 0.0)


def test_duplicate_key_reports_second_with_first_position():
    found = lint_text("""
        version: 0.0
        os: linux
        hooks:
          AfterInstall:
            - location: a.sh
          AfterInstall:
            - location: b.sh
        """, name="appspec.yml")
    dup = [d for d in found if d.code == "Y002"]
    assert brief(dup) == [("Y002", 6, 3)]
    assert dup[0].message == "duplicate key 'AfterInstall' (previously defined at line 4, col 3); only the last one is used"


def test_syntax_error_at_parser_position():
    found = lint_text("version: 0.2\nphases:\n  build:\n    commands:\n      - echo a: b: c\n")
    assert brief(found) == [("Y001", 5, 18)]  # the second ": "
    assert found[0].message == "mapping values are not allowed in this context"
    assert "quote the whole value" in found[0].hint


def test_tab_indentation_has_a_hint():
    found = lint_text(b"version: 0.2\nphases:\n\tbuild: {}\n")
    assert brief(found) == [("Y001", 3, 1)]
    assert "tabs" in found[0].hint


def test_bom_is_error_in_ec2_appspec_and_warning_in_buildspec():
    ec2 = lint_text(b"\xef\xbb\xbfversion: 0.0\nos: linux\n", name="appspec.yml")
    assert [(d.code, str(d.severity)) for d in ec2] == [("Y004", "error")]
    bs = lint_text(b"\xef\xbb\xbfversion: 0.2\nphases:\n  build:\n    commands: [make]\n")
    assert [(d.code, str(d.severity)) for d in bs] == [("Y004", "warning")]


def test_encoding_problems():
    assert brief(lint_text(b"version: 0.2\nx: \xff\n")) == [("Y003", 2, 4)]
    utf16 = "version: 0.2\nphases:\n  build:\n    commands: [make]\n".encode("utf-16")
    found = lint_text(utf16)
    assert found[0].code == "Y003" and "UTF-16" in found[0].message
    assert brief(lint_text(b"version: 0.2\x00\n")) == [("Y003", 1, 13)]


def test_empty_and_non_mapping_documents():
    assert brief(lint_text("")) == [("Y005", 1, 1)]
    assert brief(lint_text("# only a comment\n")) == [("Y005", 1, 1)]
    assert brief(lint_text("~\n")) == [("Y005", 1, 1)]
    assert brief(lint_text("- a\n- b\n")) == [("Y006", 1, 1)]
    assert lint_text("- a\n")[0].message == "the top level must be a mapping of keys, not a list"


def test_multiple_documents_warns_at_second():
    found = lint_text("version: 0.2\nphases:\n  build:\n    commands: [make]\n---\nfoo: 1\n")
    assert brief(found) == [("Y007", 5, 1)]


def test_alias_bomb_and_deep_nesting_are_contained():
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = f"*a{i-1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    found = lint_text("\n".join(lines) + "\n")
    assert [d.code for d in found] == ["Y009"]
    deep = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    assert [d.code for d in lint_text(deep)] == ["Y009"]


def test_legitimate_anchors_and_merge_keys():
    found = lint_text("""
        version: 0.2
        x-common: &common
          commands:
            - make
        phases:
          build:
            <<: *common
          post_build: *common
        """)
    # x-common is an unknown key (a warning); the merge gives build its commands.
    assert brief(found) == [("S001", 2, 1)]


def test_unknown_tags_are_data():
    found = lint_text("""
        version: 0.2
        env:
          variables:
            BUCKET: !Ref Bucket
        phases:
          build:
            commands: [make]
        """)
    assert brief(found) == [("Y010", 4, 13)]
