#!/usr/bin/env bash
# A development CA for TLS inside the cluster (Silo:Tls), and certificates it issues, with openssl:
#
#   deploy/tls-dev-ca.sh [--containers] [DIR] [NAME...]     default DIR ./.data/tls, NAMES silo client
#
# writes DIR/ca.pem (the CA certificate every end checks the others against), DIR/ca-key.pem (keep it private; it
# signs more certificates when run again), and for each NAME DIR/NAME.pem and DIR/NAME-key.pem, valid 90 days, for
# both TLS server and client use (a silo is both). Then, on every silo:
#   Silo__Tls__Certificate=DIR/silo.pem Silo__Tls__Key=DIR/silo-key.pem Silo__Tls__Ca=DIR/ca.pem
# and for the CLI: --tls-cert DIR/client.pem --tls-key DIR/client-key.pem --tls-ca DIR/ca.pem.
# --containers makes the certificates and keys readable by every user of this machine, as the silos in Docker Compose
# (deploy/compose.yaml) run as uid 10001, not as you; the CA's key stays yours alone.
# Production certificates come from your CA, or from cert-manager in Kubernetes (deploy/k8s/base/cluster-tls.yaml).
set -euo pipefail
containers=false
if [ "${1:-}" = --containers ]; then containers=true; shift; fi
dir=${1:-${VIDEO_DATA_DIR:-./.data}/tls}
shift || true
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(silo client)
command -v openssl >/dev/null || { echo "openssl is required (apt-get install openssl)" >&2; exit 1; }
mkdir -p "$dir"
umask 077
if [ ! -s "$dir/ca.pem" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 825 \
    -subj "/CN=Orleans.Video development CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$dir/ca-key.pem" -out "$dir/ca.pem" 2>/dev/null
fi
for name in "${names[@]}"; do
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$name" \
    -keyout "$dir/$name-key.pem" -out "$dir/$name.csr" 2>/dev/null
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca-key.pem" -CAcreateserial -days 90 \
    -extfile <(printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:%s,DNS:localhost,IP:127.0.0.1\n' "$name") \
    -out "$dir/$name.pem" 2>/dev/null
  rm -f "$dir/$name.csr"
  if $containers; then chmod 644 "$dir/$name.pem" "$dir/$name-key.pem"; fi
done
chmod 644 "$dir/ca.pem"
echo "$dir: ca.pem, ${names[*]/%/.pem}"
