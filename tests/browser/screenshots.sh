#!/usr/bin/env bash
# Rebuilds docs/screenshots/: the demo built into a temporary folder, then shot in
# headless Chromium at 1280 and 375 px, light and dark (see screenshots.cjs).
# Usage: bash tests/browser/screenshots.sh   (make screenshots)
set -euo pipefail
cd "$(dirname "$0")/../.."

bash tests/tools/setup.sh
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
(cd example_site && ../.venv/bin/pelican content -s pelicanconf.py -o "$out" --fatal errors -q)
NODE_PATH="$PWD/.tools/browser/node_modules" node tests/browser/screenshots.cjs \
  "$out" docs/screenshots "${POSTCARD_CHROMIUM:-$(command -v chromium)}"
