#!/usr/bin/env bash
# Validates the deployment recipe without a cluster (run by `make test`, so CI checks it on every change):
#   - every Kubernetes manifest in deploy/k8s against the API schemas (kubernetes-validate, PyPI; --strict: an
#     unknown or misspelt field fails);
#   - deploy/haproxy/haproxy.cfg and the HAProxy configuration inside deploy/k8s/haproxy.yaml with `haproxy -c`
#     (Debian's haproxy);
#   - that the k8s ConfigMap's customer map is deploy/haproxy/customer-shards.map's (the two recipes agree).
# Installs kubernetes-validate (pip) and haproxy (apt-get) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
K8S_VALIDATE_VERSION=1.37.0

# Through the interpreter (`python3 -m`), so a fresh pip install works without a shell hash or pyenv shim refresh.
if ! python3 -c "import kubernetes_validate" >/dev/null 2>&1; then
  echo "==> installing kubernetes-validate $K8S_VALIDATE_VERSION with pip"
  python3 -m pip install -q --disable-pip-version-check "kubernetes-validate==$K8S_VALIDATE_VERSION" >/dev/null
fi
if ! command -v haproxy >/dev/null 2>&1 && [ ! -x /usr/sbin/haproxy ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "error: haproxy missing and no root/sudo to install it" >&2; exit 1; fi
  echo "==> installing haproxy with apt-get"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends haproxy >/dev/null
fi
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)

python3 -m kubernetes_validate --strict --quiet deploy/k8s/*.yaml
echo "deploy/k8s: every manifest valid"

NEAREST_LISTEN=127.0.0.1:8080 NEAREST_STATS=127.0.0.1:8404 SHARD_A_1=127.0.0.1:8081 SHARD_A_2=127.0.0.1:8082 \
  SHARD_B_1=127.0.0.1:8083 SHARD_B_2=127.0.0.1:8084 NEAREST_SHARD_MAP=deploy/haproxy/customer-shards.map \
  "$HAPROXY" -c -q -f deploy/haproxy/haproxy.cfg
echo "deploy/haproxy/haproxy.cfg: valid"

python3 - "$HAPROXY" <<'PY'
import subprocess, sys, tempfile, pathlib, re
text = pathlib.Path("deploy/k8s/haproxy.yaml").read_text()
def block(key):
    # The literal block scalar under `key: |` in the ConfigMap (indented by 4 spaces).
    match = re.search(r"^  %s: \|\n((?:    .*\n|\n)+)" % re.escape(key), text, re.M)
    if not match: sys.exit(f"deploy/k8s/haproxy.yaml: no {key} in the ConfigMap")
    return "".join(line[4:] + "\n" for line in match.group(1).splitlines())
def entries(map_text):
    return sorted(l.split() for l in map_text.splitlines() if l.strip() and not l.lstrip().startswith("#"))
shipped = pathlib.Path("deploy/haproxy/customer-shards.map").read_text()
if entries(block("customer-shards.map")) != entries(shipped):
    sys.exit("deploy/k8s/haproxy.yaml's customer-shards.map differs from deploy/haproxy/customer-shards.map")
with tempfile.TemporaryDirectory() as folder:
    (pathlib.Path(folder) / "customer-shards.map").write_text(shipped)
    config = block("haproxy.cfg").replace("/usr/local/etc/haproxy/", folder + "/")
    (pathlib.Path(folder) / "haproxy.cfg").write_text(config)
    result = subprocess.run([sys.argv[1], "-c", "-q", "-f", folder + "/haproxy.cfg"], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("deploy/k8s/haproxy.yaml's haproxy.cfg: " + result.stdout + result.stderr)
print("deploy/k8s/haproxy.yaml: HAProxy configuration valid, customer map as deploy/haproxy's")
PY
