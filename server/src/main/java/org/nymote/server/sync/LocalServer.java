package org.nymote.server.sync;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.nymote.server.files.PrivateFiles;

/**
 * How a command line finds the {@code nymote serve} that holds a home's stores open, and proves it
 * may ask it to sync: serve writes {@code run/http.url} (where it listens, for this machine) and
 * {@code run/control.token} (a random secret, 0600) when it starts, and deletes both when it stops.
 * Whoever can read the token can read the stores themselves, so it grants no more than that.
 *
 * @param url the plain HTTP base URL, such as {@code http://127.0.0.1:8080/}
 * @param token the secret, sent as {@code Authorization: Bearer TOKEN}
 */
public record LocalServer(String url, String token) {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Writes the files for a serve listening on {@code host:port}; returns what it wrote. */
  public static LocalServer announce(Path homeDir, String host, int port) throws IOException {
    String reachable = switch (host) {
      case "0.0.0.0", "", "*" -> "127.0.0.1";
      case "::", "[::]" -> "[::1]";
      default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    };
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    var server =
        new LocalServer("http://" + reachable + ":" + port + "/", HexFormat.of().formatHex(secret));
    PrivateFiles.write(tokenFile(homeDir), server.token.getBytes(StandardCharsets.US_ASCII));
    PrivateFiles.write(urlFile(homeDir), (server.url + "\n").getBytes(StandardCharsets.UTF_8));
    return server;
  }

  /** The serve that announced itself in the home, if its files are there (it may have died). */
  public static Optional<LocalServer> find(Path homeDir) throws IOException {
    Path url = urlFile(homeDir);
    Path token = tokenFile(homeDir);
    if (!Files.exists(url) || !Files.exists(token)) {
      return Optional.empty();
    }
    return Optional.of(
        new LocalServer(Files.readString(url).strip(), Files.readString(token).strip()));
  }

  /**
   * The serve running in the home: its files are there and its port takes a connection (a serve
   * that died leaves its files behind; then this is empty and a command opens the store itself).
   */
  public static Optional<LocalServer> running(Path homeDir) throws IOException {
    Optional<LocalServer> server = find(homeDir);
    if (server.isEmpty()) {
      return server;
    }
    URI u = URI.create(server.get().url());
    try (var s = new Socket()) {
      s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 2_000);
      return server;
    } catch (ConnectException | SocketTimeoutException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code presented} is the token of the serve running in the home now. */
  public static boolean accepts(Path homeDir, String presented) {
    try {
      Optional<LocalServer> current = find(homeDir);
      return current.isPresent()
          && MessageDigest.isEqual(
              current.get().token.getBytes(StandardCharsets.US_ASCII),
              presented.getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      return false;
    }
  }

  /** Deletes the files, when serve stops. */
  public static void withdraw(Path homeDir) throws IOException {
    Files.deleteIfExists(urlFile(homeDir));
    Files.deleteIfExists(tokenFile(homeDir));
  }

  @Override
  public String toString() {
    return "LocalServer[" + url + "]";
  }

  private static Path urlFile(Path homeDir) {
    return homeDir.resolve("run").resolve("http.url");
  }

  private static Path tokenFile(Path homeDir) {
    return homeDir.resolve("run").resolve("control.token");
  }
}
