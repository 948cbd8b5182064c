package org.nymote.server.sync;

import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * A place a user's store syncs with: another Nymote ({@code https://host/git/USER/store.git}) or
 * any Git remote (a path, {@code git://}, {@code http(s)://}, {@code ssh://} with the user's {@code
 * ~/.ssh}), with the user name
 * and password to log in there, if it asks. {@link #toString()} never shows the password.
 *
 * @param name how the user calls it: a letter or digit, then letters, digits, {@code . _ -}
 * @param url where it is, without credentials in it
 * @param device another of the user's devices, reached over mutual TLS with this device's
 *     certificate (see docs/devices.md) rather than with a password; the remote's name is that
 *     device's name, and the peer must present that device's certificate
 * @param via for a device remote: the names of other device remotes that relay to it, tried in
 *     order when its own address cannot be reached
 * @param relay for a device remote: {@code nymote serve} keeps this device attached to it, so
 *     that others reach this device through it
 */
public record Remote(
    String name,
    String url,
    Optional<String> user,
    Optional<String> password,
    boolean device,
    List<String> via,
    boolean relay) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

  public Remote {
    if (!isValidName(name)) {
      throw new IllegalArgumentException("'" + name + "' is not a remote name: use a lower-case"
          + " letter or digit, then letters, digits, '.', '_' or '-' (at most 63)");
    }
    try {
      URIish uri = new URIish(url);
      if (uri.getPass() != null) {
        throw new IllegalArgumentException(
            "put no password in the URL; give it on standard input with --password-stdin");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + url + "' is not a Git URL or path", e);
    }
    if (password.isPresent() && user.isEmpty()) {
      throw new IllegalArgumentException("a password needs a user name");
    }
    if (device && (user.isPresent() || !url.startsWith("https://"))) {
      throw new IllegalArgumentException("a device remote is an https:// URL and needs no user");
    }
    via = List.copyOf(via);
    if (!device && (relay || !via.isEmpty())) {
      throw new IllegalArgumentException("only a device remote relays or is reached via relays");
    }
    for (String v : via) {
      if (!isValidName(v) || v.equals(name)) {
        throw new IllegalArgumentException("'" + v + "' cannot relay to " + name);
      }
    }
  }

  /** A remote, as a device ({@code device}) or not, with no relays. */
  public Remote(
      String name, String url, Optional<String> user, Optional<String> password, boolean device) {
    this(name, url, user, password, device, List.of(), false);
  }

  /** A remote reached as any Git remote (not as one of the user's devices). */
  public Remote(String name, String url, Optional<String> user, Optional<String> password) {
    this(name, url, user, password, false);
  }

  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** The credentials to give JGit when the remote asks for them. */
  public Optional<CredentialsProvider> credentials() {
    return user.map(u -> new UsernamePasswordCredentialsProvider(u, password.orElse("")));
  }

  @Override
  public String toString() {
    return name + " " + url + user.map(u -> " (as " + u + ")").orElse("")
        + (device ? " (device)" : "")
        + (via.isEmpty() ? "" : " via " + String.join(",", via))
        + (relay ? " (relay)" : "");
  }
}
