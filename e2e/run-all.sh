#!/usr/bin/env bash
# End-to-end tests of Kubernetes Network Lens in a real VS Code (code-server 4.100.3 = VS Code
# 1.100.3, driven by headless Chromium) and in Neovim, offline. `npm run test:e2e`.
#   1. build + `npm run package` (k8s-network-lens.vsix), compile the suite (tsc -p test/e2e)
#   2. the mocha suite test/e2e/out/suite inside code-server's Node extension host, with the
#      repository as extensionDevelopmentPath (what @vscode/test-electron would run)
#   3. UI checks of the INSTALLED .vsix in headless Chromium, PNG screenshots
#   4. Neovim headless LSP check of server/out/server.js over stdio (e2e/nvim/run.sh)
# Needs `npm run e2e:setup` once per machine.
# Env: E2E_SCREENSHOTS=dir (default e2e/screenshots), E2E_KEEP=1 keeps the temp dir (logs),
#      E2E_SKIP_BUILD=1, E2E_SKIP_UI=1, E2E_SKIP_NVIM=1, E2E_VERBOSE=1, E2E_PORT=n,
#      E2E_GREP=regex (suite filter), E2E_TIMEOUT_MS (suite timeout, default 180000),
#      E2E_VSIX=file (test that .vsix instead of packaging; implies no build of it).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
CS="$ROOT/e2e/harness/node_modules/.bin/code-server"
VSIX=${E2E_VSIX:-$ROOT/k8s-network-lens.vsix}
[ -x "$CS" ] || { echo "e2e: code-server missing: run 'npm run e2e:setup' first" >&2; exit 1; }
command -v "${CHROMIUM:-chromium}" >/dev/null || { echo "e2e: chromium missing: run 'npm run e2e:setup' first" >&2; exit 1; }
[ -d node_modules/playwright-core ] || { echo "e2e: node_modules/playwright-core missing: run 'npm ci' first" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/k8s-lens-e2e.XXXXXX")
# code-server and Chromium write config, logs and sockets under XDG dirs and os.tmpdir():
# keep all of it inside the throwaway dir.
mkdir -p "$WORK/tmp" "$WORK/user-data/User"
export XDG_CONFIG_HOME=$WORK/xdg/config XDG_DATA_HOME=$WORK/xdg/data XDG_CACHE_HOME=$WORK/xdg/cache \
  XDG_STATE_HOME=$WORK/xdg/state TMPDIR=$WORK/tmp E2E_ARTIFACTS=$WORK
CS_ARGS=(--config /dev/null --user-data-dir "$WORK/user-data" --extensions-dir "$WORK/extensions")
CS_PID=
cleanup() {
  if [ -n "$CS_PID" ]; then
    # code-server leads its own process group (setsid): this also ends extension hosts and language servers.
    kill -TERM -- "-$CS_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 -- "-$CS_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$CS_PID" 2>/dev/null || true
  fi
  if [ -n "${E2E_KEEP:-}" ]; then echo "e2e: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s%N; }
secs() { local d=$(( ($(now) - $1) / 100000000 )); printf '%d.%d' $((d / 10)) $((d % 10)); }
T0=$(now)
total_pass=0 total_fail=0 timings=()
# tally <log> <exit code>: add the last "N passed, M failed" of a phase; a phase without one, or
# one that exited non-zero while reporting no failure, counts as one failure.
tally() {
  local line p f
  line=$(grep -aE '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -1 || true)
  if [ -n "$line" ]; then
    p=${line%% passed*}; f=${line#*, }; f=${f%% failed*}
    if [ "$2" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  else p=0 f=1; fi
  total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
}
phase_done() { timings+=("$(printf '%-24s %6ss' "$1" "$(secs "$2")")"); echo "e2e: $1 took $(secs "$2")s"; }

# 1. Build
t=$(now)
[ -n "${E2E_SKIP_BUILD:-}" ] || npm run -s build
if [ -z "${E2E_SKIP_UI:-}" ] && [ -z "${E2E_VSIX:-}" ] && { [ -z "${E2E_SKIP_BUILD:-}" ] || [ ! -f "$VSIX" ]; }; then
  rm -f "$VSIX"
  npm run -s package >"$WORK/package.log" 2>&1 || { cat "$WORK/package.log"; echo "e2e: npm run package failed" >&2; exit 1; }
  [ -f "$VSIX" ] || { echo "e2e: $VSIX was not produced" >&2; exit 1; }
fi
node_modules/.bin/tsc -p test/e2e
phase_done "build+package+tsc" "$t"

# 2. Sandboxed code-server on a free loopback port, the .vsix installed
cp e2e/settings.json "$WORK/user-data/User/settings.json"
cp -r test/e2e/workspace "$WORK/ws-ext"   # the suite edits documents (never saves them); separate
cp -r test/e2e/workspace "$WORK/ws-ui"    # folders also keep the two phases' editor state apart
t=$(now)
if [ -z "${E2E_SKIP_UI:-}" ]; then
  "$CS" "${CS_ARGS[@]}" --install-extension "$VSIX" --force >"$WORK/install.log" 2>&1 \
    || { cat "$WORK/install.log"; echo "e2e: installing the .vsix failed" >&2; exit 1; }
fi
PORT=${E2E_PORT:-$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}
URL=http://127.0.0.1:$PORT
E2E_RESULTS_FILE="$WORK/results.json" setsid "$CS" "${CS_ARGS[@]}" --auth none --bind-addr "127.0.0.1:$PORT" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --ignore-last-opened >"$WORK/code-server.log" 2>&1 &
CS_PID=$!
up() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }   # no curl needed
for _ in $(seq 1 300); do up && break; kill -0 "$CS_PID" 2>/dev/null || break; sleep 0.1; done
up || { cat "$WORK/code-server.log"; echo "e2e: code-server did not start" >&2; exit 1; }
phase_done "install .vsix+start" "$t"
echo "e2e: code-server $URL (VS Code $(node -p 'require(process.argv[1]).version' "$ROOT/e2e/harness/node_modules/code-server/lib/vscode/package.json"))"

# 3. The mocha suite in the extension host
t=$(now); rc=0
node e2e/run-ext-tests.mjs "$URL" "$WORK/ws-ext" "$ROOT" "$ROOT/test/e2e/out/suite/index" 2>&1 | tee "$WORK/ext-tests.log" || rc=$?
if [ -f "$WORK/results.json" ]; then
  node -p 'require(process.argv[1]).summary' "$WORK/results.json" >>"$WORK/ext-tests.log"
fi
tally "$WORK/ext-tests.log" "$rc"
if [ "$rc" != 0 ]; then
  echo "e2e: extension-host suite failed (rc=$rc). code-server log tail:"; tail -20 "$WORK/code-server.log"
  echo "e2e: extension host logs: $WORK/user-data/logs (run with E2E_KEEP=1 to keep them)"
fi
phase_done "extension-host suite" "$t"

# 4. UI of the installed .vsix
if [ -z "${E2E_SKIP_UI:-}" ]; then
  t=$(now); rc=0
  E2E_EXTENSIONS_DIR="$WORK/extensions" node e2e/ui.mjs "$URL" "$WORK/ws-ui" "${E2E_SCREENSHOTS:-$ROOT/e2e/screenshots}" 2>&1 | tee "$WORK/ui.log" || rc=$?
  tally "$WORK/ui.log" "$rc"
  phase_done "UI (installed .vsix)" "$t"
fi

# 5. Neovim
if [ -z "${E2E_SKIP_NVIM:-}" ]; then
  t=$(now); rc=0
  NVIM_REQUIRED=1 bash e2e/nvim/run.sh 2>&1 | tee "$WORK/nvim.log" || rc=$?
  tally "$WORK/nvim.log" "$rc"
  phase_done "Neovim LSP" "$t"
fi

[ -n "${E2E_VERBOSE:-}" ] && cat "$WORK/code-server.log"
echo "e2e: timings"; printf '  %s\n' "${timings[@]}"; echo "  $(printf '%-24s %6ss' total "$(secs "$T0")")"
echo "e2e: $total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
