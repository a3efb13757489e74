#!/usr/bin/env bash
# The main job: set everything up, then open the example workspace with the extension in VS Code:
# `code` when it is installed, otherwise code-server on 127.0.0.1 (the URL is printed). It ends with
# the example workspace ready to launch (the pool, image and profiles its configs use exist:
# scripts/examples-ready.sh, which stops here when they do not) and says what to click first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if command -v code >/dev/null 2>&1 && [[ -z "${LXDOPS_USE_CODE_SERVER:-}" ]]; then
  code --install-extension lxdops.vsix --force
  bash scripts/examples-ready.sh
  exec code examples
fi
PORT="${PORT:-8123}"
DATA="$PWD/.cache/code-server-user"
EXT="$PWD/.cache/code-server-extensions"
mkdir -p "$DATA/User" "$EXT"
[[ -f "$DATA/User/settings.json" ]] || printf '{\n  "security.workspace.trust.enabled": false,\n  "workbench.startupEditor": "none"\n}\n' >"$DATA/User/settings.json"
BIN=.cache/code-server/node_modules/.bin/code-server
"$BIN" --extensions-dir "$EXT" --install-extension "$PWD/lxdops.vsix" --force >/dev/null
bash scripts/examples-ready.sh
echo "lxdops: open http://127.0.0.1:$PORT/?folder=$PWD/examples (Ctrl+C stops code-server)"
exec "$BIN" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check \
  --user-data-dir "$DATA" --extensions-dir "$EXT" "$PWD/examples"
