#!/usr/bin/env bash
# One-time (idempotent) setup of the offline VS Code e2e harness on Debian 12 + Node 20.
# Needs only Debian's apt repositories and the npm registry.
#   1. Debian packages: chromium (headless browser driving the web workbench), neovim (second
#      LSP client), ripgrep (stands in for the rg @vscode/ripgrep would fetch from GitHub),
#      toolchain + libkrb5-dev (code-server's postinstall compiles node-pty, kerberos, ...).
#   2. code-server 4.100.3 (= VS Code 1.100.3, the last release that runs on Node 20) into
#      e2e/harness/node_modules. It is NOT a devDependency of the extension: 300 MB + native builds.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
HARNESS="$HERE/harness"

need=()
command -v chromium   >/dev/null 2>&1 || need+=(chromium)
command -v nvim       >/dev/null 2>&1 || need+=(neovim)
command -v rg         >/dev/null 2>&1 || need+=(ripgrep)
command -v g++        >/dev/null 2>&1 || need+=(build-essential)
command -v make       >/dev/null 2>&1 || need+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v python3    >/dev/null 2>&1 || need+=(python3)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
if ((${#need[@]})); then
  mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
  SUDO=
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: missing Debian packages: ${need[*]} (run as root or install them)" >&2; exit 1; }
    SUDO=sudo
  fi
  echo "setup: apt-get install ${need[*]}"
  $SUDO apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
else
  echo "setup: Debian packages present (chromium, neovim, ripgrep, toolchain, libkrb5-dev)"
fi

cs_version() { node -p "require(process.argv[1]).version" "$HARNESS/node_modules/code-server/package.json" 2>/dev/null; }
if [ -x "$HARNESS/node_modules/.bin/code-server" ] \
   && [ -e "$HARNESS/node_modules/code-server/lib/vscode/node_modules.asar" ] \
   && [ "$(cs_version)" = 4.100.3 ]; then
  echo "setup: code-server $(cs_version) already installed in e2e/harness"
  exit 0
fi

# @vscode/ripgrep's postinstall downloads rg from api.github.com unless its cache (in
# os.tmpdir()) already holds the release asset. Seed the cache with Debian's rg. The versions
# match code-server 4.100.3 (@vscode/ripgrep 1.15.11, asset v13.0.0-10); re-check
# lib/vscode/npm-shrinkwrap.json and @vscode/ripgrep/lib/postinstall.js when bumping code-server.
RG_PKG_VERSION=1.15.11 RG_ASSET_VERSION=v13.0.0-10
case "$(uname -m)" in
  x86_64) RG_TARGET=x86_64-unknown-linux-musl ;;
  aarch64) RG_TARGET=aarch64-unknown-linux-musl ;;
  *) echo "setup: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac
# The install runs with its own TMPDIR, so the seeded cache and build leftovers vanish afterwards.
SETUP_TMP=$(mktemp -d "${TMPDIR:-/tmp}/k8s-lens-e2e-setup.XXXXXX")
trap 'rm -rf "$SETUP_TMP"' EXIT
RG_CACHE="$SETUP_TMP/vscode-ripgrep-cache-$RG_PKG_VERSION"
mkdir -p "$RG_CACHE" "$SETUP_TMP/rg"
cp "$(command -v rg)" "$SETUP_TMP/rg/rg"
tar czf "$RG_CACHE/ripgrep-$RG_ASSET_VERSION-$RG_TARGET.tar.gz" -C "$SETUP_TMP/rg" rg

# - code-server's postinstall.sh refuses to run as root without npm_config_unsafe_perm=true
#   (npm 11 warns "Unknown env config", but the script only checks the variable).
# - node-pty's postinstall runs `npx node-gyp`, which needs npm_config_yes=true when the
#   user's npmrc says yes=false.
# - strict-allow-scripts=false keeps npm running code-server's/argon2's install scripts
#   (also listed in harness/package.json "allowScripts") should the default become stricter.
echo "setup: installing code-server 4.100.3 into e2e/harness (a few minutes: native builds)"
cd "$HARNESS"
TMPDIR=$SETUP_TMP npm_config_unsafe_perm=true npm_config_yes=true npm_config_strict_allow_scripts=false \
  npm install --no-audit --no-fund
[ -e "$HARNESS/node_modules/code-server/lib/vscode/node_modules.asar" ] \
  && [ -x "$HARNESS/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] \
  || { echo "setup: code-server's postinstall did not complete (see the npm output above)" >&2; exit 1; }
echo "setup: installed code-server $(cs_version)"
