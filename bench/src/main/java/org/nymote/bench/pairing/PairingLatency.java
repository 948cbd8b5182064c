package org.nymote.bench.pairing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nymote.bench.ServeArgs;
import org.nymote.signpost.identity.Certificates;
import org.nymote.signpost.identity.DeviceName;
import org.nymote.signpost.identity.DeviceTls;
import org.nymote.signpost.identity.Ed25519;
import org.nymote.signpost.identity.PinnedRootTrust;
import org.nymote.signpost.pairing.Invitation;
import org.nymote.signpost.pairing.JoinRequest;
import org.nymote.signpost.pairing.JoinResponse;

/**
 * Issue 6's pairing figure (target: at most 1 s on loopback). Sets up a home with {@code nymote
 * identity init}, starts {@code nymote serve} with a device-sync listener on 127.0.0.1, then for
 * each of {@code --runs} devices:
 *
 * <ul>
 *   <li>{@code exchange}: in this JVM (warm), what {@code nymote device join} does before cloning:
 *       a new Ed25519 key, a fresh TLS 1.3 connection pinning the root by the invitation's
 *       fingerprint, {@code POST /pair} (the serve signs a certificate and commits it to the store
 *       durably), and the checks of the answer;
 *   <li>{@code join}: the whole {@code nymote device join} command in a new JVM, with a new home:
 *       the exchange, creating the user, and cloning the store over mutual TLS.
 * </ul>
 *
 * Invitations are made by {@code nymote device invite} beforehand (not timed). Prints each
 * timing's median and maximum.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.nymote.bench.pairing.PairingLatency
 *     [--jar server/target/nymote.jar] [--runs 10]
 * </pre>
 */
public final class PairingLatency {
  private static final Pattern LISTENING = Pattern.compile("listening device-sync (\\S+):(\\d+)");

  private PairingLatency() {}

  public static void main(String[] args) throws Exception {
    String jar = "server/target/nymote.jar";
    int runs = 10;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--jar" -> jar = args[i + 1];
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory("pairing-bench");
    Path home = dir.resolve("alpha");
    run(jar, home, "identity", "init", "--user", "bench", "--name", "alpha");
    List<String> serveArgs = new ArrayList<>(List.of("serve", "--device", "alpha"));
    serveArgs.addAll(ServeArgs.anyPorts());
    serveArgs.addAll(List.of("--device-port", "0"));
    Process serve = command(jar, home, serveArgs.toArray(String[]::new))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      waitForReady(serve);
      List<Long> exchange = new ArrayList<>();
      List<Long> join = new ArrayList<>();
      for (int i = 0; i < runs + 1; i++) {
        long e = exchange(Invitation.decode(run(jar, home, "device", "invite").strip()), "e" + i);
        long j = joinCommand(jar, dir.resolve("j" + i), run(jar, home, "device", "invite"), i);
        if (i > 0) { // the first of each warms the serve up
          exchange.add(e);
          join.add(j);
        }
      }
      report("exchange", exchange);
      report("join", join);
    } finally {
      serve.destroy();
      serve.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static long exchange(Invitation invitation, String name) throws Exception {
    long start = System.nanoTime();
    KeyPair keys = Ed25519.generate();
    var pin = new PinnedRootTrust(invitation.rootFingerprint());
    try (HttpClient client =
        HttpClient.newBuilder().sslContext(DeviceTls.context(null, pin)).build()) {
      var response = client.send(
          HttpRequest.newBuilder(
                  URI.create("https://" + invitation.host() + ":" + invitation.port() + "/pair"))
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofString(
                  new JoinRequest(invitation.token(), new DeviceName(name), keys.getPublic())
                      .encode()))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("pairing refused: " + response.body());
      }
      JoinResponse joined = JoinResponse.parse(response.body());
      if (!joined.device().getPublicKey().equals(keys.getPublic())
          || !Certificates.fingerprint(joined.root()).equals(invitation.rootFingerprintHex())) {
        throw new IllegalStateException("wrong certificates in the answer");
      }
    }
    return System.nanoTime() - start;
  }

  private static long joinCommand(String jar, Path home, String code, int i) throws Exception {
    long start = System.nanoTime();
    run(jar, home, "device", "join", code.strip(), "--name", "j" + i);
    return System.nanoTime() - start;
  }

  private static void report(String what, List<Long> nanos) {
    Collections.sort(nanos);
    System.out.printf(
        "%-9s runs %d  median %6.1f ms  max %6.1f ms%n",
        what, nanos.size(), nanos.get(nanos.size() / 2) / 1e6, nanos.get(nanos.size() - 1) / 1e6);
  }

  private static ProcessBuilder command(String jar, Path home, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar",
        jar,
        "--home",
        home.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  private static String run(String jar, Path home, String... args) throws Exception {
    Process p = command(jar, home, args).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("nymote " + List.of(args) + " failed: " + out);
    }
    return out;
  }

  private static void waitForReady(Process serve) throws IOException {
    var reader =
        new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = reader.readLine()) != null; ) {
      Matcher m = LISTENING.matcher(line);
      if (line.equals("ready")) {
        Thread.ofVirtual().start(() -> {
          try {
            reader.transferTo(java.io.Writer.nullWriter());
          } catch (IOException e) {
            // the serve stopped
          }
        });
        return;
      }
      if (m.matches()) {
        System.out.println("serve: " + line);
      }
    }
    throw new IOException("nymote serve ended before it was ready");
  }
}
