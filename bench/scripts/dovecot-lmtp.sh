#!/usr/bin/env bash
# Starts Debian's Dovecot LMTP server (dovecot-lmtpd) on 127.0.0.1:PORT in the foreground, as the
# peer of bench/run-lmtp: every user's mail goes to DIR/mail/USER (Maildir), owned by the dovecot
# user, with Dovecot's default fsync policy (mail_fsync = optimized: fsync before replying).
# Usage: bench/scripts/dovecot-lmtp.sh DIR PORT
set -euo pipefail
dir=$(mkdir -p "$1" && cd "$1" && pwd)
port=$2
mkdir -p "$dir/run" "$dir/mail" "$dir/home"
chown dovecot:dovecot "$dir/mail" "$dir/home"
cat >"$dir/dovecot.conf" <<CONF
base_dir = $dir/run
state_dir = $dir/run/state
log_path = $dir/dovecot.log
protocols = lmtp
ssl = no
listen = 127.0.0.1
mail_location = maildir:$dir/mail/%n
mail_fsync = optimized
first_valid_uid = 1
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$dir/home/%n
}
passdb {
  driver = static
  args = nopassword=y
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $port
  }
  process_limit = 32
}
service anvil {
  chroot =
}
CONF
exec dovecot -F -c "$dir/dovecot.conf"
