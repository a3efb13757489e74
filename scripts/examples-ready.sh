#!/usr/bin/env bash
# Checks, read-only, that the example workspace (examples/) launches as shipped on this host: the
# ZFS pool of its datasets is ONLINE, the image of its template and the profiles of its configs
# exist in LXD. What they need is read from the configs themselves (the lxdops CLI), so an edited
# example is checked as it is. Then says what to click first. Exit 1 (saying what is missing) when
# something is missing. Needs dist/cli.js (npm run build) and the real stack (setup-real-stack.sh).
# LXDOPS_EXAMPLES: another copy of the workspace to check (default: examples/ of this repository).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}"

EXAMPLES="${LXDOPS_EXAMPLES:-examples}"
CONTAINERS="$EXAMPLES/containers"
TEMPLATE="$CONTAINERS/ex-template.yaml"
log() { echo "[examples] $*"; }

node dist/cli.js check "$EXAMPLES" >/dev/null || {
  node dist/cli.js check "$EXAMPLES" >&2 || true
  log "FAILED: $EXAMPLES does not check clean (above)" >&2
  exit 1
}

# node reads the CLI's output: the pool is the first part of the template's first dataset,
# the image its os.image, the profiles those of every config
pool=$(node dist/cli.js instance filesystems --format json "$TEMPLATE" |
  node -e 'const fs = JSON.parse(require("fs").readFileSync(0, "utf8")).find((f) => f.dataset); console.log(fs ? fs.dataset.split("/")[0] : "")')
image=$(node dist/cli.js config print "$TEMPLATE" |
  node -e 'console.log(require("yaml").parse(require("fs").readFileSync(0, "utf8")).os?.image ?? "")')
profiles=$(for config in "$CONTAINERS"/*.yaml; do node dist/cli.js config print "$config"; done |
  node -e 'const docs = require("yaml").parseAllDocuments(require("fs").readFileSync(0, "utf8").replaceAll("#lxdops\n", "---\n"));
    console.log([...new Set(docs.flatMap((d) => d.toJS()?.profiles ?? []))].join(" ") || "default")')

problems=()
health=$(zpool list -H -o health "$pool" 2>/dev/null || true)
[ "$health" = ONLINE ] || problems+=("ZFS pool '$pool' (fsroot in $EXAMPLES/fragments/base.yaml) is ${health:-missing}")
lxc image info "$image" >/dev/null 2>&1 || problems+=("LXD image '$image' (os.image in $TEMPLATE) is missing")
for profile in $profiles; do
  lxc profile show "$profile" >/dev/null 2>&1 || problems+=("LXD profile '$profile' (profiles in $CONTAINERS) is missing")
done
if [ ${#problems[@]} -gt 0 ]; then
  for p in "${problems[@]}"; do log "MISSING: $p" >&2; done
  log "run: sudo bash scripts/setup-real-stack.sh (or edit the examples for your host)" >&2
  exit 1
fi
log "ready: ZFS pool '$pool', LXD image '$image', profile(s) '$profiles'"

existing=$(lxc list --format csv -c n 2>/dev/null | grep -xE 'ex-template|ex-web1|ex-web2' | xargs || true)
[ -z "$existing" ] ||
  log "already launched: $existing (Launch configures it again; Destroy Instance and Data… removes it)"
log "first: in the Explorer, right-click containers/ex-template.yaml → Launch Instance"
log "  (it configures the template, stops it and snapshots it as ex-template/base);"
log "then the same on containers/ex-web1.yaml and containers/ex-web2.yaml, copied from that snapshot."
log "examples/README.md says what each file does."
