#!/usr/bin/env bash
# Runs Debian's radicale (apt-get install radicale) on 127.0.0.1:PORT with its storage in DIR and
# one user (htpasswd, plain) for the DAV benchmark; stays in the foreground until killed.
#   bench/scripts/radicale-loopback.sh DIR PORT USER PASSWORD
set -euo pipefail
dir=$1 port=$2 user=$3 password=$4
mkdir -p "$dir/collections"
printf '%s:%s\n' "$user" "$password" > "$dir/users"
cat > "$dir/config" <<CONFIG
[server]
hosts = 127.0.0.1:$port
max_content_length = 100000000
[auth]
type = htpasswd
htpasswd_filename = $dir/users
htpasswd_encryption = plain
[rights]
type = owner_only
[storage]
filesystem_folder = $dir/collections
[logging]
level = warning
CONFIG
exec python3 -m radicale --config "$dir/config"
