#!/usr/bin/env bash
# Headless Neovim check of the bundled language server over stdio (`npm run test:nvim`):
# Neovim's built-in LSP client starts `node server/out/server.js --stdio` on the fixtures in
# test/e2e/workspace and checks the published diagnostics. Needs Neovim >= 0.7 (Debian: neovim).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
# `npm test` never installs system packages: without Neovim it says so and skips; `npm run e2e:setup` installs it,
# and `npm run test:e2e` (which sets NVIM_REQUIRED=1) fails without it.
if ! command -v nvim >/dev/null 2>&1; then
  if [ "${NVIM_REQUIRED:-}" = 1 ]; then
    echo "test:nvim: FAILED: 'nvim' (Neovim >= 0.7) is not installed. Install it with 'npm run e2e:setup' or 'apt-get install neovim'." >&2
    exit 1
  fi
  echo "test:nvim: skipped: Neovim is not installed (npm run e2e:setup installs it; npm run test:e2e checks it)"
  exit 0
fi
if [ ! -f server/out/server.js ]; then
  echo "test:nvim: server/out/server.js missing, building it (npm run build)"
  npm run -s build
fi
H=$(mktemp -d)
trap 'rm -rf "$H"' EXIT
rc=0
# -u NONE -i NONE -n: no user config, no shada, no swap files. XDG_*: Neovim's log/state stay in $H.
XDG_CONFIG_HOME=$H/config XDG_CACHE_HOME=$H/cache XDG_STATE_HOME=$H/state XDG_DATA_HOME=$H/data \
LSP_SERVER=server/out/server.js LSP_WORKSPACE=test/e2e/workspace \
  timeout 60 nvim --headless -u NONE -i NONE -n -c 'luafile e2e/nvim/lsp_check.lua' || rc=$?
if [ "$rc" = 124 ]; then echo "test:nvim: FAILED: Neovim did not finish within 60 s" >&2; fi
exit "$rc"
