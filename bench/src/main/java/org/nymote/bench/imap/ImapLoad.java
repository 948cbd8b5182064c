package org.nymote.bench.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A closed-loop IMAP load generator: {@code --clients} connections (virtual threads, implicit
 * TLS), each logged in with INBOX selected, send commands back to back for {@code --duration}
 * seconds against each {@code --target} in turn; it prints commands/s and p50/p99 latency per
 * target and per command type, then the ratio of the first target to each other one.
 *
 * <p>Before timing, every target's INBOX is filled with the same {@code --prefill} messages
 * (different subjects and body words, so searches select a part). Two modes:
 *
 * <ul>
 *   <li>{@code mixed}: what a mail client does, by weight: SELECT 5, UID FETCH of flags, size and
 *       five header fields of 50 messages 25, UID FETCH of one whole message 20, UID STORE of a
 *       flag (set or cleared, untagged FETCH back) 20, APPEND 10, UID EXPUNGE of a message this
 *       client appended (after a STORE of \Deleted, counted as a STORE) 5, UID SEARCH SUBJECT 10,
 *       UID SEARCH BODY 5;
 *   <li>{@code append}: APPEND only.
 * </ul>
 *
 * Every command must end in a tagged OK (and a whole-message FETCH must return the message);
 * anything else counts as an error and is left out of the latencies. Targets alternate within a
 * mode, so load from elsewhere on the machine hits them alike.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.nymote.bench.imap.ImapLoad
 *     --target nymote=127.0.0.1:1993 --login nymote=bench --password-file nymote=FILE
 *     --target dovecot=127.0.0.1:9993 --login dovecot=bench --password-file dovecot=FILE
 *     --ca nymote.pem --ca dovecot.pem
 *     [--clients 16] [--prefill 1000] [--size 4096] [--warmup 5] [--duration 20] [--runs 1]
 *     [--modes mixed,append] [--append-selected true]
 * </pre>
 *
 * With {@code --append-selected false} the append mode's clients only log in (no mailbox
 * selected, as a client saving to Sent while another mailbox is open appends to a mailbox it has
 * not selected), which shows what the selected mailbox's upkeep costs a server per command.
 */
public final class ImapLoad {
  /** The command types timed. */
  enum Op {
    SELECT,
    FETCH_HEADERS,
    FETCH_BODY,
    STORE,
    APPEND,
    EXPUNGE,
    SEARCH_HEADER,
    SEARCH_BODY
  }

  /** Weights of {@link Op} in the mixed mode, in {@link Op} order (EXPUNGE includes a STORE). */
  private static final int[] MIXED_WEIGHTS = {5, 25, 20, 20, 10, 5, 10, 5};

  static final List<String> WORDS = List.of(
      "harbour", "lantern", "meadow", "granite", "orchard", "thimble", "quarry", "saffron",
      "falcon", "walnut", "copper", "velvet", "glacier", "pepper", "lagoon", "tundra", "marble",
      "cobalt", "juniper", "anchor", "basalt", "cinder", "dahlia", "ember", "fjord", "gravel",
      "hazel", "indigo", "jasper", "kelp", "lichen", "mosaic", "nutmeg", "opal", "pebble", "quill",
      "russet", "sorrel", "thistle", "umber");

  private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID \\d+ (\\d+)\\]");

  /** One system under test. */
  record Target(String name, InetSocketAddress address, String user, String password) {}

  private final SSLContext tls;
  private final int clients;
  private final int size;
  private final AtomicLong sequence = new AtomicLong();
  private boolean appendSelected = true;

  ImapLoad(SSLContext tls, int clients, int size) {
    this.tls = tls;
    this.clients = clients;
    this.size = size;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> addresses = new LinkedHashMap<>();
    Map<String, String> logins = new LinkedHashMap<>();
    Map<String, String> passwordFiles = new LinkedHashMap<>();
    List<Path> cas = new ArrayList<>();
    Map<String, String> opt = new LinkedHashMap<>();
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("options come in pairs: --name value");
    }
    for (int i = 0; i < args.length; i += 2) {
      String key = args[i].replaceFirst("^--", "");
      String value = args[i + 1];
      switch (key) {
        case "target" -> put(addresses, value);
        case "login" -> put(logins, value);
        case "password-file" -> put(passwordFiles, value);
        case "ca" -> cas.add(Path.of(value));
        default -> opt.put(key, value);
      }
    }
    List<Target> targets = new ArrayList<>();
    for (var e : addresses.entrySet()) {
      String[] hostPort = e.getValue().split(":");
      String file = passwordFiles.get(e.getKey());
      if (file == null || !logins.containsKey(e.getKey())) {
        throw new IllegalArgumentException("--login and --password-file needed for " + e.getKey());
      }
      String password = Files.readString(Path.of(file)).strip();
      targets.add(new Target(
          e.getKey(),
          new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])),
          logins.get(e.getKey()),
          password));
    }
    var load = new ImapLoad(
        tlsTrusting(cas),
        Integer.parseInt(opt.getOrDefault("clients", "16")),
        Integer.parseInt(opt.getOrDefault("size", "4096")));
    load.appendSelected = Boolean.parseBoolean(opt.getOrDefault("append-selected", "true"));
    int prefill = Integer.parseInt(opt.getOrDefault("prefill", "1000"));
    double warmup = Double.parseDouble(opt.getOrDefault("warmup", "5"));
    double duration = Double.parseDouble(opt.getOrDefault("duration", "20"));
    int runs = Integer.parseInt(opt.getOrDefault("runs", "1"));
    List<String> modes = List.of(opt.getOrDefault("modes", "mixed,append").split(","));
    System.out.printf(
        "IMAP load: %d clients, %d-byte messages, %d prefilled, modes %s, %d run(s) of %.0f s%s%n",
        load.clients,
        load.size,
        prefill,
        modes,
        runs,
        duration,
        load.appendSelected ? "" : ", append without a selected mailbox");

    Map<String, int[]> uids = new LinkedHashMap<>();
    for (Target t : targets) {
      long t0 = System.nanoTime();
      uids.put(t.name(), load.prefill(t, prefill));
      System.out.printf(
          "prefill %-8s %d messages in %.1f s (not timed below)%n",
          t.name(), prefill, (System.nanoTime() - t0) / 1e9);
    }
    for (String mode : modes) {
      boolean mixed = switch (mode) {
        case "mixed" -> true;
        case "append" -> false;
        default -> throw new IllegalArgumentException("unknown mode " + mode);
      };
      for (Target t : targets) {
        load.run(t, uids.get(t.name()), mixed, warmup);
      }
      Map<String, List<Result>> results = new LinkedHashMap<>();
      for (int run = 1; run <= runs; run++) {
        for (Target t : targets) {
          Result r = load.run(t, uids.get(t.name()), mixed, duration);
          results.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(r);
          r.print(mode, run, t.name(), System.out);
        }
      }
      String first = targets.getFirst().name();
      Result base = median(results.get(first));
      for (var e : results.entrySet()) {
        Result m = median(e.getValue());
        System.out.printf(
            "%s median %-8s %8.1f commands/s  p50 %7.2f ms  p99 %8.2f ms%n",
            mode,
            e.getKey(),
            m.perSecond(),
            m.percentileMs(null, 0.50),
            m.percentileMs(null, 0.99));
        if (!e.getKey().equals(first)) {
          System.out.printf(
              "%s ratio %s/%s: %.2fx commands/s, p99 %.2fx%n",
              mode,
              first,
              e.getKey(),
              base.perSecond() / m.perSecond(),
              base.percentileMs(null, 0.99) / m.percentileMs(null, 0.99));
        }
      }
    }
  }

  private static void put(Map<String, String> map, String nameValue) {
    String[] parts = nameValue.split("=", 2);
    if (parts.length != 2) {
      throw new IllegalArgumentException("expected NAME=VALUE: " + nameValue);
    }
    map.put(parts[0], parts[1]);
  }

  /** TLS trusting exactly the certificates in the PEM files given. */
  static SSLContext tlsTrusting(List<Path> pemFiles) throws IOException, GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    var factory = CertificateFactory.getInstance("X.509");
    int n = 0;
    for (Path pem : pemFiles) {
      try (InputStream in = Files.newInputStream(pem)) {
        for (Certificate c : factory.generateCertificates(in)) {
          trusted.setCertificateEntry("ca" + n++, c);
        }
      }
    }
    var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static Result median(List<Result> results) {
    List<Result> sorted = new ArrayList<>(results);
    sorted.sort((a, b) -> Double.compare(a.perSecond(), b.perSecond()));
    return sorted.get(sorted.size() / 2);
  }

  /** A logged-in connection with INBOX selected. */
  ImapConnection open(Target t) throws IOException {
    return open(t, true);
  }

  /** A logged-in connection, with INBOX selected if {@code select}. */
  ImapConnection open(Target t, boolean select) throws IOException {
    var c = new ImapConnection(tls, t.address());
    expectOk(c.command("LOGIN " + quoted(t.user()) + " " + quoted(t.password())), "LOGIN");
    if (select) {
      expectOk(c.command("SELECT INBOX"), "SELECT");
    }
    return c;
  }

  /**
   * Appends {@code count} messages to the target's INBOX with all clients, then returns the UIDs
   * INBOX holds.
   */
  int[] prefill(Target t, int count) throws Exception {
    var next = new AtomicLong();
    var failure = new AtomicReference<Exception>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      threads.add(Thread.ofVirtual().start(() -> {
        try (var conn = open(t)) {
          for (long n; (n = next.getAndIncrement()) < count; ) {
            expectOk(conn.command("APPEND INBOX", prefillMessage((int) n)), "APPEND");
          }
        } catch (Exception e) {
          failure.compareAndSet(null, e);
        }
      }));
    }
    for (Thread th : threads) {
      th.join();
    }
    if (failure.get() != null) {
      throw new IOException("prefill of " + t.name() + " failed", failure.get());
    }
    try (var conn = open(t)) {
      var r = conn.command("UID SEARCH ALL");
      expectOk(r, "UID SEARCH ALL");
      int[] uids = searchUids(r);
      if (uids.length < count) {
        throw new IOException(t.name() + " holds " + uids.length + " messages after the prefill");
      }
      return uids;
    }
  }

  static int[] searchUids(ImapConnection.Response r) {
    return r.untagged().stream()
        .filter(l -> l.startsWith("* SEARCH"))
        .flatMap(l -> Arrays.stream(l.substring("* SEARCH".length()).trim().split(" ")))
        .filter(s -> !s.isEmpty())
        .mapToInt(Integer::parseInt)
        .sorted()
        .toArray();
  }

  /** The n-th prefilled message: the same bytes on every target. */
  byte[] prefillMessage(int n) {
    return message(
        "message " + n,
        "<prefill." + n + "@bench.test>",
        WORDS.get(n % WORDS.size()) + " " + WORDS.get((n * 7 + 3) % WORDS.size()));
  }

  private byte[] loadMessage() {
    long n = sequence.incrementAndGet();
    return message(
        "load " + n, "<load." + n + "." + System.nanoTime() + "@bench.test>", "loadword " + n);
  }

  private byte[] message(String subject, String messageId, String words) {
    var text = new StringBuilder()
        .append("Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n")
        .append("From: Load <load@bench.test>\r\n")
        .append("To: Bench <bench@bench.test>\r\n")
        .append("Subject: ")
        .append(subject)
        .append("\r\nMessage-ID: ")
        .append(messageId)
        .append("\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n")
        .append("Today: ")
        .append(words)
        .append(".\r\n");
    String line = "The quick brown fox jumps over the lazy dog, again and again and again.\r\n";
    while (text.length() + line.length() < size) {
      text.append(line);
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** One run's figures: latencies per op. */
  record Result(double seconds, Map<Op, long[]> latencies, Map<Op, Long> errors) {
    long commands() {
      return latencies.values().stream().mapToLong(l -> l.length).sum();
    }

    double perSecond() {
      return commands() / seconds;
    }

    long errorCount() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The percentile of one op's latencies, or of all when op is null. */
    double percentileMs(Op op, double p) {
      long[] values = op == null
          ? latencies.values().stream().flatMapToLong(Arrays::stream).toArray()
          : latencies.getOrDefault(op, new long[0]);
      if (values.length == 0) {
        return Double.NaN;
      }
      long[] sorted = values.clone();
      Arrays.sort(sorted);
      return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    void print(String mode, int run, String target, PrintStream out) {
      out.printf(
          "%s run %d %-8s %8.1f commands/s  p50 %7.2f ms  p99 %8.2f ms  errors %d%n",
          mode,
          run,
          target,
          perSecond(),
          percentileMs(null, 0.50),
          percentileMs(null, 0.99),
          errorCount());
      for (Op op : Op.values()) {
        long[] l = latencies.get(op);
        long e = errors.getOrDefault(op, 0L);
        if ((l == null || l.length == 0) && e == 0) {
          continue;
        }
        out.printf(
            "    %-14s %7d  %8.1f /s  p50 %7.2f ms  p99 %8.2f ms  errors %d%n",
            op,
            l == null ? 0 : l.length,
            (l == null ? 0 : l.length) / seconds,
            percentileMs(op, 0.50),
            percentileMs(op, 0.99),
            e);
      }
    }
  }

  /** Latencies of one client, per op. */
  private static final class Recorder {
    final Map<Op, long[]> values = new EnumMap<>(Op.class);
    final Map<Op, Integer> counts = new EnumMap<>(Op.class);
    final Map<Op, Long> errors = new EnumMap<>(Op.class);

    void add(Op op, long nanos) {
      long[] v = values.computeIfAbsent(op, k -> new long[1024]);
      int n = counts.getOrDefault(op, 0);
      if (n == v.length) {
        v = Arrays.copyOf(v, n * 2);
        values.put(op, v);
      }
      v[n] = nanos;
      counts.put(op, n + 1);
    }

    void error(Op op) {
      errors.merge(op, 1L, Long::sum);
    }

    long[] get(Op op) {
      return values.containsKey(op) ? Arrays.copyOf(values.get(op), counts.get(op)) : new long[0];
    }
  }

  Result run(Target t, int[] uids, boolean mixed, double seconds) throws InterruptedException {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Recorder> recorders = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      var rec = new Recorder();
      recorders.add(rec);
      threads.add(Thread.ofVirtual().start(() -> client(t, uids, mixed, end, rec)));
    }
    for (Thread th : threads) {
      th.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    Map<Op, long[]> latencies = new EnumMap<>(Op.class);
    Map<Op, Long> errors = new EnumMap<>(Op.class);
    for (Op op : Op.values()) {
      latencies.put(
          op, recorders.stream().flatMapToLong(r -> Arrays.stream(r.get(op))).toArray());
      long e = recorders.stream().mapToLong(r -> r.errors.getOrDefault(op, 0L)).sum();
      if (e > 0) {
        errors.put(op, e);
      }
    }
    return new Result(elapsed, latencies, errors);
  }

  /** One connection sending commands until {@code end}. Login and the first SELECT are untimed. */
  private void client(Target t, int[] uids, boolean mixed, long end, Recorder rec) {
    List<Integer> appended = new ArrayList<>();
    Op op = Op.SELECT; // the command in flight, charged with the error if the connection fails
    try (var conn = open(t, mixed || appendSelected)) {
      var random = ThreadLocalRandom.current();
      while (System.nanoTime() < end) {
        op = mixed ? pick(random.nextInt(100)) : Op.APPEND;
        if (op == Op.EXPUNGE && appended.isEmpty()) {
          op = Op.APPEND;
        }
        switch (op) {
          case SELECT -> timed(rec, op, () -> conn.command("SELECT INBOX"));
          case FETCH_HEADERS -> {
            int i = random.nextInt(Math.max(1, uids.length - 50));
            String range = uids[i] + ":" + uids[Math.min(uids.length - 1, i + 49)];
            timed(
                rec,
                op,
                () -> conn.command("UID FETCH " + range
                    + " (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS"
                    + " (DATE FROM TO SUBJECT MESSAGE-ID)])"));
          }
          case FETCH_BODY -> {
            int uid = uids[random.nextInt(uids.length)];
            long t0 = System.nanoTime();
            var r = conn.command("UID FETCH " + uid + " BODY.PEEK[]");
            if (r.ok() && r.untagged().stream().anyMatch(l -> l.contains("BODY[] {"))) {
              rec.add(op, System.nanoTime() - t0);
            } else {
              rec.error(op);
            }
          }
          case STORE -> {
            int uid = uids[random.nextInt(uids.length)];
            String sign = random.nextBoolean() ? "+" : "-";
            timed(
                rec, op, () -> conn.command("UID STORE " + uid + " " + sign + "FLAGS (\\Flagged)"));
          }
          case APPEND -> {
            long t0 = System.nanoTime();
            var r = conn.command("APPEND INBOX", loadMessage());
            if (r.ok()) {
              rec.add(op, System.nanoTime() - t0);
              Matcher m = APPENDUID.matcher(r.text());
              if (mixed && m.find()) {
                appended.add(Integer.parseInt(m.group(1)));
              }
            } else {
              rec.error(op);
            }
          }
          case EXPUNGE -> {
            int uid = appended.removeLast();
            timed(
                rec,
                Op.STORE,
                () -> conn.command("UID STORE " + uid + " +FLAGS.SILENT (\\Deleted)"));
            timed(rec, Op.EXPUNGE, () -> conn.command("UID EXPUNGE " + uid));
          }
          case SEARCH_HEADER -> {
            int n = random.nextInt(uids.length);
            timed(rec, op, () -> conn.command("UID SEARCH SUBJECT \"message " + n + "\""));
          }
          case SEARCH_BODY -> {
            String word = WORDS.get(random.nextInt(WORDS.size()));
            timed(rec, op, () -> conn.command("UID SEARCH BODY " + word));
          }
        }
      }
    } catch (IOException e) {
      rec.error(op);
      System.err.println(t.name() + ": client failed: " + e.getMessage());
    }
  }

  private static Op pick(int percent) {
    int sum = 0;
    for (Op op : Op.values()) {
      sum += MIXED_WEIGHTS[op.ordinal()];
      if (percent < sum) {
        return op;
      }
    }
    return Op.FETCH_HEADERS;
  }

  private interface Command {
    ImapConnection.Response send() throws IOException;
  }

  private static void timed(Recorder rec, Op op, Command command) throws IOException {
    long t0 = System.nanoTime();
    var r = command.send();
    if (r.ok()) {
      rec.add(op, System.nanoTime() - t0);
    } else {
      rec.error(op);
    }
  }

  private static void expectOk(ImapConnection.Response r, String what) throws IOException {
    if (!r.ok()) {
      throw new IOException(what + " failed: " + r.status() + " " + r.text());
    }
  }

  /** An IMAP quoted string. */
  static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
