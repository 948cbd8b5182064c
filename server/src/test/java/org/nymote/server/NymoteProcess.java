package org.nymote.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code nymote} command in a child JVM, with the classes under test: {@link #serve}
 * starts {@code nymote serve} on free ports and waits for {@code ready} ({@link #start} does so for
 * any long-running command); {@link #run} runs a command to its end. Standard error goes to a
 * file beside the home, shown when something fails.
 */
public final class NymoteProcess implements AutoCloseable {
  /** Generous: the machine may be busy, and the first start hashes a password and makes a key. */
  public static final Duration TIMEOUT = Duration.ofSeconds(90);

  private static final Pattern LISTENING = Pattern.compile("listening (\\S+) (\\S+):(\\d+)");
  private static final Pattern PASSWORD = Pattern.compile("password for (\\S+): (\\S+)");
  /** The mail listeners' port options, set to 0 (any free port) unless a test gives them. */
  private static final List<String> MAIL_PORTS = List.of(
      "--smtp-port",
      "--submission-port",
      "--submissions-port",
      "--lmtp-port",
      "--imap-port",
      "--imaps-port");

  private static final AtomicInteger COUNT = new AtomicInteger();
  private static final String EOF = "\0eof";

  private final Process process;
  private final Path stderr;
  private final List<String> lines = new ArrayList<>();
  private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private String password;

  private NymoteProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
  }

  /** Starts {@code nymote --home HOME serve} on free ports, with {@code args}; waits for ready. */
  public static NymoteProcess serve(Path home, String... args)
      throws IOException, InterruptedException {
    return serveIn(List.of(), home, args);
  }

  /** {@link #serve}, with {@code prefix} before the {@code java} command (see {@link #startIn}). */
  public static NymoteProcess serveIn(List<String> prefix, Path home, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(
        List.of("serve", "--http-port", "0", "--https-port", "0", "--dns-port", "0"));
    for (String mailPort : MAIL_PORTS) {
      if (!List.of(args).contains(mailPort)) {
        command.addAll(List.of(mailPort, "0"));
      }
    }
    command.addAll(List.of(args));
    return startIn(prefix, home, command.toArray(String[]::new));
  }

  /** Starts {@code nymote --home HOME ARGS} and waits for it to print {@code ready}. */
  public static NymoteProcess start(Path home, String... args)
      throws IOException, InterruptedException {
    return startIn(List.of(), home, args);
  }

  /**
   * {@link #start}, with {@code prefix} before the {@code java} command, such as {@code ip netns
   * exec NS} to run it in a network namespace.
   */
  public static NymoteProcess startIn(List<String> prefix, Path home, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("--home", home.toString()));
    command.addAll(List.of(args));
    Path stderr = stderrFile(home);
    var nymote = new NymoteProcess(
        start(prefix, command, stderr, Optional.empty(), false).start(), stderr);
    nymote.process.getOutputStream().close();
    nymote.awaitReady();
    return nymote;
  }

  /** Runs {@code nymote --home HOME ARGS} with {@code stdin} as its input, to its end. */
  public static Result run(Path home, String stdin, String... args)
      throws IOException, InterruptedException {
    return run(List.of(), Optional.empty(), false, home, stdin, args);
  }

  /**
   * {@link #run}, with {@code prefix} before the {@code java} command (see {@link #startIn}), in a
   * JVM tuned for a short command.
   */
  public static Result runIn(List<String> prefix, Path home, String stdin, String... args)
      throws IOException, InterruptedException {
    return run(prefix, Optional.empty(), true, home, stdin, args);
  }

  /**
   * Runs {@code nymote --home HOME ARGS} as if the user's home folder (where {@code ~/.ssh} is)
   * were {@code userHome}: {@code HOME} and Java's {@code user.home} point there.
   */
  static Result runWithUserHome(Path userHome, Path home, String stdin, String... args)
      throws IOException, InterruptedException {
    return run(List.of(), Optional.of(userHome), true, home, stdin, args);
  }

  private static Result run(
      List<String> prefix,
      Optional<Path> userHome,
      boolean quick,
      Path home,
      String stdin,
      String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("--home", home.toString()));
    command.addAll(List.of(args));
    Path stderr = stderrFile(home);
    Process process = start(prefix, command, stderr, userHome, quick).start();
    try (var in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("nymote " + command + " did not end within " + TIMEOUT);
    }
    return new Result(process.exitValue(), stdout, Files.readString(stderr));
  }

  /** What a command that ran to its end printed, and its exit code. */
  public record Result(int exitCode, String stdout, String stderr) {}

  /** The next line on standard output after those read so far; fails after {@link #TIMEOUT}. */
  public String nextLine() throws IOException, InterruptedException {
    String line = queue.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (line == null || line.equals(EOF)) {
      throw new AssertionError((line == null ? "no line within " + TIMEOUT : "nymote ended")
          + "; standard error:\n" + stderr());
    }
    lines.add(line);
    return line;
  }

  /** Every line read from standard output so far. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** The first user's password, if this start printed one. */
  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  /** The port of a {@code listening SERVICE HOST:PORT} line. */
  public int port(String service) {
    Integer port = ports.get(service);
    if (port == null) {
      throw new AssertionError("no `listening " + service + "` line in " + lines);
    }
    return port;
  }

  public String stderr() throws IOException {
    return Files.readString(stderr);
  }

  /** Kills the process with SIGKILL (kill -9) and waits for it to end. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** Sends SIGTERM and returns the exit code. */
  public int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("nymote serve did not stop within " + TIMEOUT + " of SIGTERM");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }

  private static ProcessBuilder start(
      List<String> prefix, List<String> args, Path stderr, Optional<Path> userHome, boolean quick) {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    userHome.ifPresent(h -> command.add("-Duser.home=" + h.toAbsolutePath()));
    if (quick) {
      // A short command: the quick compiler and a small collector halve its CPU time.
      command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    var builder = new ProcessBuilder(command).redirectError(stderr.toFile());
    builder.environment().remove(Home.ENVIRONMENT_VARIABLE);
    userHome.ifPresent(h -> builder.environment().put("HOME", h.toAbsolutePath().toString()));
    return builder;
  }

  private static Path stderrFile(Path home) {
    return home.toAbsolutePath()
        .resolveSibling(home.getFileName() + "-" + COUNT.incrementAndGet() + ".stderr");
  }

  private void awaitReady() throws IOException, InterruptedException {
    Thread.ofVirtual().start(() -> {
      try (var reader = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = reader.readLine()) != null; ) {
          queue.add(line);
        }
      } catch (IOException e) {
        // The process ended; EOF below says so.
      }
      queue.add(EOF);
    });
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      String line = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null || line.equals(EOF)) {
        process.destroyForcibly();
        throw new AssertionError((line == null ? "no `ready` within " + TIMEOUT : "nymote ended")
            + "; it printed " + lines + " and on standard error:\n" + stderr());
      }
      lines.add(line);
      Matcher listening = LISTENING.matcher(line);
      Matcher password = PASSWORD.matcher(line);
      if (listening.matches()) {
        ports.put(listening.group(1), Integer.parseInt(listening.group(3)));
      } else if (password.matches()) {
        this.password = password.group(2);
      } else if (line.equals("ready")) {
        return;
      }
    }
  }
}
