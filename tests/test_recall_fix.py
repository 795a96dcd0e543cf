"""Recall on new users' mistakes (issue 14 classes 1, 5, 7; issue 13 class 5): each class, beyond its instance."""

import pytest

from conftest import lint_text


def _env_findings(key):
    text = f"""
        version: 0.2
        env:
          {key}:
            NAME: value
        phases:
          build:
            commands:
              - make
        """
    return [d for d in lint_text(text) if d.code == "S001"]


@pytest.mark.parametrize("key, suggestion", [
    ("parameter_store", "parameter-store"), ("plaintext", "variables"), ("variable", "variables"),
    ("secrets_manager", "secrets-manager"), ("Variables", "variables"), ("varaibles", "variables"),
    ("secrets", "secrets-manager"), ("parameters", "parameter-store"), ("exported_variables", "exported-variables"),
])
def test_misspelt_env_key_is_reported_with_its_effect(key, suggestion):
    found = _env_findings(key)
    assert len(found) == 1, found
    d = found[0]
    assert (d.line, d.column, str(d.severity)) == (3, 3, "warning")
    assert f'"{key}"' in d.message and f'"{suggestion}"' in d.message
    assert "ignored" in d.message


@pytest.mark.parametrize("key", ["shell", "variables", "parameter-store", "secrets-manager", "exported-variables",
                                 "git-credential-helper"])
def test_real_env_keys_stay_quiet(key):
    assert _env_findings(key) == []
