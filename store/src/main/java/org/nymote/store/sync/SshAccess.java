package org.nymote.store.sync;

import java.io.File;
import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.util.List;
import java.util.Locale;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.util.FS;

/**
 * The {@code ssh://} (and {@code user@host:path}) transport of one sync: JGit's client over Apache
 * MINA sshd, reading the user's {@code ~/.ssh} as OpenSSH does ({@code config}, the default keys
 * or {@code IdentityFile}, {@code known_hosts}). A host key that {@code known_hosts} does not list
 * is refused, never accepted silently nor asked about (unless the user's {@code ~/.ssh/config} says
 * {@code StrictHostKeyChecking accept-new} or {@code no} for that host); the refusal is kept so
 * that {@link #explain} can say what to do. Closing it stops its ssh client.
 */
final class SshAccess implements AutoCloseable {
  /** A host key refused: for which host, which key, and whether another key was known there. */
  private record Refusal(String host, String key, boolean changed) {}

  private final SshdSessionFactory factory = new Factory();
  private volatile Refusal refusal;
  private volatile boolean used;

  /** Gives {@code t} this sync's ssh client when it is an ssh transport. */
  void configure(Transport t) {
    if (t instanceof SshTransport ssh) {
      used = true;
      ssh.setSshSessionFactory(factory);
    }
  }

  /** The reason to show for {@code e}: what to do when the host key or our keys were refused. */
  String explain(TransportException e) {
    Refusal r = refusal;
    String ssh = sshDirectory().toString();
    if (r != null && r.changed()) {
      return "the ssh host key of " + r.host() + " (" + r.key() + ") is not the one " + ssh
          + "/known_hosts lists for it: someone may be intercepting the connection, or the host"
          + " got a new key. Nothing was accepted. Ask the host's owner for its key's fingerprint;"
          + " if it matches, remove the old line (ssh-keygen -R '" + r.host() + "') and add the"
          + " new key, then try again";
    }
    if (r != null) {
      return "the ssh host key of " + r.host() + " (" + r.key() + ") is not in " + ssh
          + "/known_hosts, so it was refused. Check that fingerprint with the host's owner, then"
          + " add the key (connect once with ssh and answer yes, or append the output of"
          + " ssh-keyscan for that host to " + ssh + "/known_hosts) and try again";
    }
    String message = String.valueOf(e.getMessage());
    if (used && isAuthFailure(e)) {
      return message + "\nThe ssh server accepted none of our keys (" + ssh
          + "/id_ed25519, id_ecdsa, id_rsa, or IdentityFile in " + ssh + "/config): add your"
          + " public key to the server's authorized_keys, or name the right key with IdentityFile";
    }
    return message;
  }

  private static boolean isAuthFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("authentication") || m.contains("auth fail")) {
        return true;
      }
    }
    return false;
  }

  private static File sshDirectory() {
    return new File(FS.DETECTED.userHome(), ".ssh");
  }

  @Override
  public void close() {
    factory.close();
  }

  /** JGit's factory with the host key check wrapped, to remember a refusal. */
  private final class Factory extends SshdSessionFactory {
    @Override
    protected ServerKeyDatabase getServerKeyDatabase(File homeDir, File sshDir) {
      ServerKeyDatabase known = super.getServerKeyDatabase(homeDir, sshDir);
      return new ServerKeyDatabase() {
        @Override
        public List<PublicKey> lookup(
            String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
          return known.lookup(connectAddress, remoteAddress, config);
        }

        @Override
        public boolean accept(
            String connectAddress,
            InetSocketAddress remoteAddress,
            PublicKey serverKey,
            Configuration config,
            CredentialsProvider provider) {
          // No provider: never ask (a sync may run unattended), so an unknown key is refused.
          if (known.accept(connectAddress, remoteAddress, serverKey, config, null)) {
            return true;
          }
          boolean changed = !known.lookup(connectAddress, remoteAddress, config).isEmpty();
          refusal = new Refusal(
              connectAddress,
              KeyUtils.getKeyType(serverKey) + " " + KeyUtils.getFingerPrint(serverKey),
              changed);
          return false;
        }
      };
    }
  }
}
