#!/usr/bin/env bash
# Build the VS Code extension: install its npm packages (package-lock.json), compile the
# TypeScript client, package dist/speclint.vsix with vsce. Run by .ci/run; needs Node.js 18+
# and the npm registry. node_modules/, out/ and dist/ are ignored by git.
set -uo pipefail
cd "$(dirname "$0")"
fail() { echo "vscode: $*" >&2; exit 1; }
command -v npm >/dev/null || fail "npm is not installed: install Node.js 18 or newer (apt-get install nodejs npm)"
if [ ! -d node_modules/vscode-languageclient ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  timeout 600 npm ci --no-audit --no-fund --loglevel=error \
    || fail "npm ci failed (is the npm registry reachable? npm config get registry: $(npm config get registry))"
fi
npx --no-install tsc -p . || fail "the TypeScript client does not compile"
mkdir -p dist
npx --no-install vsce package --no-yarn -o dist/speclint.vsix >/dev/null || fail "vsce could not package the extension"
python3 - <<'PY' || fail "the .vsix is incomplete"
import sys, zipfile
names = zipfile.ZipFile("dist/speclint.vsix").namelist()
for needed in ("extension/package.json", "extension/out/extension.js", "extension/node_modules/vscode-languageclient/package.json"):
    if needed not in names:
        sys.exit(f"vscode: the .vsix lacks {needed}")
# what only building needs stays out (.vscodeignore): sources, build files, compilers, git files
dev = [n for n in names if n.startswith("extension/") and (
    n.rsplit("/", 1)[-1] in (".gitignore", ".vscodeignore", "tsconfig.json", "build.sh", "package-lock.json", ".package-lock.json")
    or n.startswith(("extension/src/", "extension/dist/", "extension/node_modules/typescript/", "extension/node_modules/.bin/"))
    or n.endswith((".map", ".tsbuildinfo")))]
if dev:
    sys.exit(f"vscode: the .vsix ships build files: {', '.join(dev[:10])}")
PY
echo "vscode: built editors/vscode/dist/speclint.vsix ($(wc -c < dist/speclint.vsix) bytes)"
