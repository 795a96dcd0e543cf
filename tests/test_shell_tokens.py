"""The shell tokenizer (speclint.shell.tokens): commands, not text; never raises."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speclint.rules.appspec.stop_hook_fails import failing_stops
from speclint.shell.dialect import content_evidence
from speclint.shell.tokens import command_words, commands


def names(text):
    return [(c.depth, [w.text for w in command_words(c)]) for c in commands(text) if command_words(c)]


@pytest.mark.parametrize("text, expected", [
    ('echo "a; b" # c; d', [(0, ["echo", "a; b"])]),
    ("a && b || c | d & e; f", [(0, ["a"]), (0, ["b"]), (0, ["c"]), (0, ["d"]), (0, ["e"]), (0, ["f"])]),
    ("X=1 sudo -u app env Y=2 make all", [(0, ["make", "all"])]),
    ("echo $(date +%s) `id -u`", [(0, ["echo", "$(date +%s)", "`id -u`"]), (1, ["date", "+%s"]), (1, ["id", "-u"])]),
    ('eval "$(ssh-agent -s)"', [(0, ["$(ssh-agent -s)"]), (1, ["ssh-agent", "-s"])]),
    ("cat <<EOF > f\nrm -rf /\nEOF\nls", [(0, ["cat"]), (0, ["ls"])]),
    ("cat <<-'X'\n\trm -rf /\n\tX\nls", [(0, ["cat"]), (0, ["ls"])]),
    ("if [ -f x ]; then make; fi", [(0, ["[", "-f", "x", "]"]), (0, ["make"]), (0, ["fi"])]),
    ("echo a \\\n  b", [(0, ["echo", "a", "b"])]),
    ("echo $((1 + 2)) 'it''s'", [(0, ["echo", "$((1 + 2))", "its"])]),
])
def test_commands_and_their_words(text, expected):
    assert names(text) == expected


def test_word_offsets_point_into_the_text():
    text = 'x=1; sudo  aws --region "eu-west-1" ecr get-login'
    words = command_words(commands(text)[-1])
    assert [text[w.start:w.end] for w in words] == ["aws", "--region", '"eu-west-1"', "ecr", "get-login"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t\n\\'\"`$(){}[];&|<>#=-abcEOF0123", max_size=80))
def test_never_raises(text):
    commands(text)
    failing_stops("#!/bin/bash\n" + text)
    content_evidence([text, text[::-1]])
