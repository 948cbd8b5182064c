#!/usr/bin/env bash
# Starts Debian's Dovecot IMAP server (dovecot-imapd) on 127.0.0.1:PORT with implicit TLS, in the
# foreground, as the peer of bench/run-imap. One user from a passwd-file: USER with the password in
# PASSWORD_FILE. Mail goes to DIR/mail/USER (Maildir, fresh), owned by the dovecot user, with
# Dovecot's default fsync policy (mail_fsync = optimized: a saved message is fsynced before the
# tagged OK). A self-signed certificate is made in DIR (openssl); its PEM is DIR/cert.pem, for the
# client to trust.
# Usage: bench/scripts/dovecot-imap.sh DIR PORT USER PASSWORD_FILE
set -euo pipefail
dir=$(mkdir -p "$1" && cd "$1" && pwd)
port=$2
user=$3
password=$(cat "$4")
mkdir -p "$dir/run" "$dir/mail" "$dir/home"
chown dovecot:dovecot "$dir/mail" "$dir/home"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=IP:127.0.0.1,DNS:localhost \
  -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
chmod 600 "$dir/key.pem"
umask 077
printf '%s:{PLAIN}%s::::::\n' "$user" "$password" >"$dir/passwd"
umask 022
chown dovecot:dovecot "$dir/passwd" # the auth process reads it as the dovecot user
cat >"$dir/dovecot.conf" <<CONF
base_dir = $dir/run
state_dir = $dir/run/state
log_path = $dir/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <$dir/cert.pem
ssl_key = <$dir/key.pem
mail_location = maildir:$dir/mail/%n
mail_fsync = optimized
first_valid_uid = 1
auth_mechanisms = plain
passdb {
  driver = passwd-file
  args = scheme=PLAIN $dir/passwd
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$dir/home/%n
}
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $port
    ssl = yes
  }
}
protocol imap {
  # the default (10) would refuse the load generator's 16 clients of one user
  mail_max_userip_connections = 1000
}
service anvil {
  chroot =
}
CONF
exec dovecot -F -c "$dir/dovecot.conf"
