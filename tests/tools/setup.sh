#!/usr/bin/env bash
# Installs the browser-check tools (playwright-core, axe-core, vnu-jar, pinned in
# tests/browser/package-lock.json) into .tools/browser/. Idempotent: nothing is
# fetched when the installed copy matches the lock file. Chromium, Java and Node.js
# come from the OS (.ci/run installs them on Debian); the browser checks fail with a
# clear message in CI when one is missing, and are skipped elsewhere.
set -euo pipefail
cd "$(dirname "$0")/../.."

lock=tests/browser/package-lock.json
dest=.tools/browser
stamp="$dest/.installed-lock"

for tool in node npm java chromium; do
  command -v "$tool" >/dev/null 2>&1 || echo "setup.sh: '$tool' not found: the browser checks need it (Debian: see .ci/run)" >&2
done
if ! command -v npm >/dev/null 2>&1; then
  exit 0
fi

if [ -f "$stamp" ] && cmp -s "$lock" "$stamp" && [ -d "$dest/node_modules" ]; then
  exit 0
fi

mkdir -p "$dest"
cp tests/browser/package.json "$lock" "$dest/"
# --ignore-scripts: vnu-jar's postinstall would try to download a Java runtime; the
# OS's Java is used instead. Playwright never downloads a browser: Debian's is used.
(cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
cp "$lock" "$stamp"
echo "setup.sh: browser-check tools installed in $dest"
