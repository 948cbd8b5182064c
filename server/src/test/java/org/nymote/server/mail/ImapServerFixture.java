package org.nymote.server.mail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nymote.server.HomeCertificate;
import org.nymote.server.NymoteProcess;

/**
 * A real {@code nymote serve} for IMAP tests: user alice (the first user) and bob, the server's
 * certificate as a PEM file for clients to verify, and a runner for the python3 scripts under
 * {@code src/test/resources/imap}.
 */
final class ImapServerFixture implements AutoCloseable {
  static final String BOB_PASSWORD = "bob-password-for-tests";

  final Path home;
  NymoteProcess nymote;
  private final List<String> serveArgs;
  final String alicePassword;
  final Path caFile;

  private ImapServerFixture(
      Path home, NymoteProcess nymote, String alicePassword, Path caFile, List<String> serveArgs) {
    this.serveArgs = serveArgs;
    this.home = home;
    this.nymote = nymote;
    this.alicePassword = alicePassword;
    this.caFile = caFile;
  }

  static ImapServerFixture start(Path dir, String... serveArgs) throws Exception {
    java.nio.file.Files.createDirectories(dir);
    Path home = dir.resolve("home");
    List<String> args = new ArrayList<>(List.of("--user", "alice"));
    args.addAll(List.of(serveArgs));
    NymoteProcess nymote = NymoteProcess.serve(home, args.toArray(String[]::new));
    var bob =
        NymoteProcess.run(home, BOB_PASSWORD + "\n", "user", "add", "bob", "--password-stdin");
    if (bob.exitCode() != 0) {
      throw new AssertionError("user add bob failed: " + bob.stderr());
    }
    Path ca = HomeCertificate.writePem(home, dir.resolve("nymote-ca.pem"));
    return new ImapServerFixture(home, nymote, nymote.password().orElseThrow(), ca, args);
  }

  /** Stops the server (SIGTERM). */
  void stop() throws InterruptedException {
    nymote.close();
  }

  /** Starts the server again on the same home (new ports). */
  void restart() throws Exception {
    nymote.close();
    nymote = NymoteProcess.serve(home, serveArgs.toArray(String[]::new));
  }

  int imapPort() {
    return nymote.port("imap");
  }

  int imapsPort() {
    return nymote.port("imaps");
  }

  /** The environment the python scripts read. */
  Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("IMAP_PORT", String.valueOf(imapPort()));
    env.put("IMAPS_PORT", String.valueOf(imapsPort()));
    env.put("CA_FILE", caFile.toString());
    env.put("ALICE_PASSWORD", alicePassword);
    env.put("BOB_PASSWORD", BOB_PASSWORD);
    return env;
  }

  /** What a script printed, and how it ended. */
  record Run(int exitCode, String output) {}

  /** Runs {@code src/test/resources/imap/NAME} with python3; at most {@code seconds}. */
  Run python(String name, int seconds) throws IOException, InterruptedException {
    Path scripts = Path.of("src/test/resources/imap").toAbsolutePath();
    var pb = new ProcessBuilder("python3", scripts.resolve(name).toString())
        .directory(scripts.toFile())
        .redirectErrorStream(true);
    pb.environment().putAll(environment());
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(name + " did not finish in " + seconds + " s");
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws InterruptedException {
    nymote.close();
  }
}
