#!/usr/bin/env bash
# Installs what the end-to-end tests (npm run test:e2e) need: Debian's chromium, ripgrep and
# libkrb5-dev, and code-server 4.100.3 (VS Code 1.100.3) from npm into .cache/code-server.
# Idempotent: the Debian packages are installed only when missing, and code-server is left alone
# when it already reports 4.100.3 and its last install finished. Needs root, the npm registry and
# Debian's apt, nothing else (no binary downloads: node modules are built from source).
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=4.100.3
ROOT="$PWD/.cache/code-server"
BIN="$ROOT/node_modules/.bin/code-server"
DONE="$ROOT/.installed-$VERSION" # written last, so that an interrupted install is done again
start=$SECONDS

missing=()
for p in chromium ripgrep libkrb5-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-code-server: apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [[ -f "$DONE" && -x "$BIN" ]] && "$BIN" --version 2>/dev/null | grep -q "^$VERSION "; then
  echo "install-code-server: code-server $VERSION already in $ROOT ($((SECONDS - start)) s)"
  exit 0
fi

echo "install-code-server: installing code-server $VERSION into $ROOT"
rm -rf "$ROOT"
mkdir -p "$ROOT"
cd "$ROOT"
npm init -y >/dev/null
npm install --no-audit --no-fund "code-server@$VERSION" --ignore-scripts
npm_config_yes=true npm rebuild argon2
cd node_modules/code-server/lib/vscode
npm install --no-audit --no-fund --omit=dev --ignore-scripts
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
npm_config_yes=true npm rebuild # builds node-pty, spdlog, kerberos, watcher... (minutes)
rm -rf node_modules.asar
ln -s node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install --no-audit --no-fund --omit=dev --ignore-scripts)

version=$("$BIN" --version)
echo "install-code-server: $version"
grep -q "^$VERSION " <<<"$version" || { echo "install-code-server: expected $VERSION" >&2; exit 1; }
touch "$DONE"
echo "install-code-server: done in $((SECONDS - start)) s"
