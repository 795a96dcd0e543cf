#!/usr/bin/env bash
# The GitHub Action's step (action.yml): install speclint into its own virtual environment,
# lint with annotations (--format github), optionally write SARIF. The inputs come as
# environment variables, so the same script runs in CI tests and on a laptop:
#   SPECLINT_ACTION_PATH=. INPUT_PATHS=examples INPUT_SARIF=true action/run.sh
# Exit code: speclint's (0, 1 findings, 2 usage or internal error).
set -uo pipefail

action_path=${SPECLINT_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}
paths=${INPUT_PATHS:-.}
args=${INPUT_ARGS:-}
shellcheck=${INPUT_SHELLCHECK:-true}
sarif=${INPUT_SARIF:-false}
sarif_file=${INPUT_SARIF_FILE:-speclint.sarif}
version=${INPUT_VERSION:-}
python=${INPUT_PYTHON:-python3}
venv=${SPECLINT_VENV:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/speclint-action-venv}

case "$shellcheck" in true|false) ;; *) echo "::error title=speclint action::shellcheck must be true or false, not '$shellcheck'"; exit 2 ;; esac
case "$sarif" in true|false) ;; *) echo "::error title=speclint action::sarif must be true or false, not '$sarif'"; exit 2 ;; esac

extras=""
[ "$shellcheck" = true ] && extras="[shell]"
if [ -n "$version" ]; then
  requirement="speclint$extras @ git+https://github.com/speclint/speclint@$version"
else
  requirement="$action_path$extras"
fi

echo "::group::Install speclint ($requirement)"
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv" || { echo "::error title=speclint action::could not create a virtual environment with $python"; exit 2; }
fi
# A second use of the action in the same job reuses the environment it installed.
if [ "$(cat "$venv/speclint-requirement" 2>/dev/null)" != "$requirement" ] || [ ! -x "$venv/bin/speclint" ]; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$requirement" \
    || { echo "::endgroup::"; echo "::error title=speclint action::could not install $requirement"; exit 2; }
  printf '%s' "$requirement" > "$venv/speclint-requirement"
fi
"$venv/bin/speclint" --version
echo "::endgroup::"

# Paths and arguments are split on whitespace (as written in the workflow), never globbed.
set -f
# shellcheck disable=SC2206
path_list=($paths)
# shellcheck disable=SC2206
arg_list=($args)
set +f
[ "$shellcheck" = false ] && arg_list+=(--ignore shellcheck)

# A report left by an earlier run must never be uploaded as this run's: remove it first, and
# name it as an output only when this run wrote it.
sarif_written=false
if [ "$sarif" = true ]; then
  rm -f -- "$sarif_file" || { echo "::error title=speclint action::could not remove the old SARIF report $sarif_file"; exit 2; }
fi

errors=$(mktemp "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/speclint-stderr.XXXXXX")
"$venv/bin/speclint" --format github "${arg_list[@]}" -- "${path_list[@]}" 2>"$errors"
code=$?
cat "$errors" >&2
if [ "$code" -ge 2 ]; then
  # A usage or internal error has no file to annotate: show speclint's own message as an error
  # annotation (its "Error: ..." line, else its last line), escaped as a workflow command.
  message=$(grep '^Error:' "$errors" | tail -n 1)
  [ -n "$message" ] || message=$(grep -v '^[[:space:]]*$' "$errors" | tail -n 1)
  [ -n "$message" ] || message="speclint exited with code $code"
  message=${message//'%'/'%25'}
  message=${message//$'\r'/'%0D'}
  echo "::error title=speclint::$message"
fi
rm -f -- "$errors"

if [ "$sarif" = true ] && [ "$code" -lt 2 ]; then
  if "$venv/bin/speclint" --format sarif --output-file "$sarif_file" --exit-zero "${arg_list[@]}" -- "${path_list[@]}"; then
    sarif_written=true
  else
    echo "::error title=speclint action::could not write the SARIF report $sarif_file"; code=2
  fi
fi

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "exit-code=$code" >> "$GITHUB_OUTPUT"
  [ "$sarif_written" = true ] && [ -f "$sarif_file" ] && echo "sarif-file=$sarif_file" >> "$GITHUB_OUTPUT"
fi
exit "$code"
