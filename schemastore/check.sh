#!/usr/bin/env bash
# Validate the SchemaStore contribution as SchemaStore's own CI would: every schema compiles
# under Ajv's strict mode (draft-07, union types allowed), every file in src/test/<name>/
# passes its schema and every file in src/negative_test/<name>/ fails it — with Ajv and,
# independently, with check-jsonschema (Python's jsonschema under a YAML loader) and with
# yaml-language-server, the YAML server editors run (yaml_language_server.py drives it).
# Usage: schemastore/check.sh [PYTHON]   (PYTHON: a venv's python with speclint installed)
# Tools: ajv-cli and yaml-language-server from the npm registry, installed into $SPECLINT_CI_CACHE/npm (default
# .ci-cache/, ignored by git); check-jsonschema from PyPI into the given venv.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="${1:-python3}"
cache="${SPECLINT_CI_CACHE:-$here/../.ci-cache}"
fail() { echo "schemastore: $*" >&2; exit 1; }

"$python" -m speclint.schema.export "$here" || fail "could not regenerate the schemas"
git -C "$here" diff --quiet -- src/schemas src/api 2>/dev/null \
  || echo "schemastore: note: the generated schemas differed from the committed ones (regenerated)"

ajv="$cache/npm/node_modules/.bin/ajv"
if [ ! -x "$ajv" ]; then
  command -v npm >/dev/null || fail "npm is not installed: install Node.js (apt-get install nodejs npm) to run the Ajv checks"
  mkdir -p "$cache/npm"
  timeout 300 npm install --silent --no-audit --no-fund --prefix "$cache/npm" ajv-cli@5 yaml-language-server@1 \
    || fail "npm could not install ajv-cli and yaml-language-server (is the npm registry reachable? npm config get registry: $(npm config get registry))"
fi
yls="$cache/npm/node_modules/.bin/yaml-language-server"
[ -x "$yls" ] || { timeout 300 npm install --silent --no-audit --no-fund --prefix "$cache/npm" yaml-language-server@1 \
    || fail "npm could not install yaml-language-server (is the npm registry reachable?)"; }
if ! "$python" -m check_jsonschema --version >/dev/null 2>&1; then
  "$python" -m pip install -q check-jsonschema || fail "pip could not install check-jsonschema (is PyPI reachable?)"
fi

status=0
for schema in "$here"/src/schemas/json/*.json; do
  name=$(basename "$schema" .json)
  "$ajv" compile --spec=draft7 --strict=true --allow-union-types -s "$schema" >/dev/null \
    || { echo "schemastore: $name.json does not compile under Ajv strict mode"; status=1; continue; }
  for data in "$here"/src/test/"$name"/*; do
    "$ajv" validate --spec=draft7 --strict=true --allow-union-types -s "$schema" -d "$data" >/dev/null 2>&1 \
      || { echo "schemastore: positive test fails (ajv): ${data#$here/}"; "$ajv" validate --spec=draft7 --strict=true --allow-union-types -s "$schema" -d "$data" --errors=text; status=1; }
    "$python" -m check_jsonschema --schemafile "$schema" "$data" >/dev/null \
      || { echo "schemastore: positive test fails (check-jsonschema): ${data#$here/}"; status=1; }
  done
  for data in "$here"/src/negative_test/"$name"/*; do
    if "$ajv" validate --spec=draft7 --strict=true --allow-union-types -s "$schema" -d "$data" >/dev/null 2>&1; then
      echo "schemastore: negative test passes (ajv): ${data#$here/}"; status=1
    fi
    if "$python" -m check_jsonschema --schemafile "$schema" "$data" >/dev/null 2>&1; then
      echo "schemastore: negative test passes (check-jsonschema): ${data#$here/}"; status=1
    fi
  done
done
"$python" "$here/yaml_language_server.py" "$yls" || status=1
[ "$status" -eq 0 ] && echo "schemastore: schemas compile under Ajv strict mode; $(ls "$here"/src/test/*/* | wc -l) positive and $(ls "$here"/src/negative_test/*/* | wc -l) negative tests pass (ajv, check-jsonschema, yaml-language-server)"
exit "$status"
