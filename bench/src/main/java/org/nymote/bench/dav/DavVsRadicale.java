package org.nymote.bench.dav;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nymote.bench.http.RawHttp;

/**
 * Issue 5's figures: the same CalDAV work against {@code nymote serve} and Debian's Radicale, both
 * on 127.0.0.1 over plain HTTP with Basic auth, in one run, with the ratio. The client is {@link
 * RawHttp} (keep-alive connections, at most one per client thread), the same for both servers.
 *
 * <ol>
 *   <li>PUTs: 1,000 events into an empty calendar, then 10,000 into another (8 clients), per s,
 *       after 200 untimed PUTs into a third (a warm-up, for both servers alike);
 *   <li>PROPFIND Depth 1 (getetag) of the 10,000-event calendar;
 *   <li>calendar-multiget of 100 hrefs with calendar-data;
 *   <li>calendar-query with a year's time-range over the 10,000 events (one in ten weekly
 *       recurring, the rest spread over three years);
 *   <li>sync-collection after one change, from the token taken just before it.
 * </ol>
 *
 * Each of these is done for a calendar of 1,000 events and then one of {@code --events}; each
 * request figure is the median of {@code --runs} (10) requests after untimed warm-ups of the same
 * request, alike for both servers: at least {@value #MIN_WARMUPS}, then more while fewer than
 * {@value #MAX_WARMUPS} and under {@value #WARMUP_SECONDS} s (a JVM runs a request's code
 * interpreted until it has run it a few times; a server answers the same requests all day, so its
 * figure is taken warm, as JMH would; Radicale's slow requests get their few). Radicale's large
 * calendar is not all PUT (that took over 37 minutes): its PUTs are timed for {@code
 * --peer-put-seconds} (120), the rest of the same events written into its storage folder, and
 * its request figures on that calendar are medians of {@code --peer-runs} (5).
 *
 * With {@code --only nymote} Radicale is left out (a quick check of Nymote's own figures);
 * {@code --serve-java-options "..."} gives the serve's JVM options (say, to record a profile).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.nymote.bench.dav.DavVsRadicale
 *     --jar server/target/nymote.jar --radicale bench/scripts/radicale-loopback.sh [--events 10000]
 * </pre>
 */
public final class DavVsRadicale {
  static final String USER = "bench";
  static final int CLIENTS = 8;
  static final int WARMUP_PUTS = 200;
  static final int MIN_WARMUPS = 2;
  static final int MAX_WARMUPS = 30;
  static final int WARMUP_SECONDS = 3;

  /**
   * One server under test: its name, where its calendars live, its credentials, and for the peer
   * the folder its storage keeps the user's collections in (to fill a large calendar directly).
   */
  record Target(
      String name,
      InetSocketAddress address,
      String home,
      String authorization,
      Process process,
      Optional<Path> storage) {}

  /** Each server's idle keep-alive connections: one per client at most. */
  private final Map<String, Queue<RawHttp>> connections = new ConcurrentHashMap<>();

  private final int events;
  private final int runs;
  private final int peerRuns;
  private final int peerPutSeconds;

  DavVsRadicale(int events, int runs, int peerRuns, int peerPutSeconds) {
    this.events = events;
    this.runs = runs;
    this.peerRuns = peerRuns;
    this.peerPutSeconds = peerPutSeconds;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    var bench = new DavVsRadicale(
        Integer.parseInt(opt.getOrDefault("events", "10000")),
        Integer.parseInt(opt.getOrDefault("runs", "10")),
        Integer.parseInt(opt.getOrDefault("peer-runs", "5")),
        Integer.parseInt(opt.getOrDefault("peer-put-seconds", "120")));
    Path tmp = Files.createTempDirectory("dav-bench");
    Target nymote = startNymote(
        opt.getOrDefault("jar", "server/target/nymote.jar"),
        opt.getOrDefault(
            "java", Path.of(System.getProperty("java.home"), "bin", "java").toString()),
        List.of(opt.getOrDefault("serve-java-options", "").split(" ")).stream()
            .filter(o -> !o.isBlank())
            .toList(),
        tmp.resolve("nymote"));
    boolean both = !opt.getOrDefault("only", "").equals("nymote");
    Target radicale = both
        ? startRadicale(
            opt.getOrDefault("radicale", "bench/scripts/radicale-loopback.sh"),
            tmp.resolve("radicale"))
        : null;
    try {
      Map<String, double[]> rows = new LinkedHashMap<>();
      for (Target t : both ? List.of(nymote, radicale) : List.of(nymote)) {
        bench.waitUp(t);
        var r = bench.measure(t);
        r.forEach((k, v) -> rows.computeIfAbsent(k, x -> new double[2])[t == nymote ? 0 : 1] = v);
      }
      if (!both) {
        rows.forEach((k, v) -> System.out.printf("%-48s %12.2f%n", k, v[0]));
        return;
      }
      System.out.printf("%-48s %12s %12s %8s%n", "figure", "nymote", "radicale", "ratio");
      rows.forEach((k, v) -> {
        boolean rate = k.contains("/s)");
        double ratio = rate ? v[0] / v[1] : v[1] / v[0];
        System.out.printf("%-48s %12.2f %12.2f %7.1fx%n", k, v[0], v[1], ratio);
      });
      System.out.println("(ratio: how many times better nymote is; >1 means faster)");
    } finally {
      nymote.process().destroy();
      nymote.process().waitFor(30, TimeUnit.SECONDS);
      if (radicale != null) {
        radicale.process().destroy();
        radicale.process().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private Map<String, Double> measure(Target t) throws Exception {
    Map<String, Double> out = new LinkedHashMap<>();
    // Warm-up, not timed, alike for both: WARMUP_PUTS events into a calendar of their own, so
    // that the first timed PUTs do not pay for a cold server (the JVM's JIT, Radicale's imports).
    mkcalendar(t, "warmup");
    puts(t, "warmup", WARMUP_PUTS, Duration.ofSeconds(60), new int[1]);
    for (int size : List.of(1000, events)) {
      String id = "c" + size;
      mkcalendar(t, id);
      int runs = t.storage().isPresent() && size > 1000 ? Math.min(this.runs, peerRuns) : this.runs;
      if (t.storage().isPresent() && size > 1000) {
        // The peer's large calendar: its PUT rate over a capped time, the rest written straight
        // into its storage folder (the same events), so that the requests below meet all of them.
        int[] done = new int[1];
        record(
            t,
            out,
            "PUT, " + size + " events (events/s)",
            puts(t, id, size, Duration.ofSeconds(peerPutSeconds), done));
        System.out.printf(
            "%-10s PUT rate over the first %d events (%d s cap); the other %d written to its"
                + " storage%n",
            t.name(), done[0], peerPutSeconds, size - done[0]);
        fill(t.storage().get().resolve(id), done[0], size);
      } else {
        record(
            t,
            out,
            "PUT, " + size + " events (events/s)",
            puts(t, id, size, Duration.ofDays(1), new int[1]));
      }
      String cal = t.home() + id + "/";
      record(
          t,
          out,
          "PROPFIND Depth 1 of " + size + " (ms)",
          median(
              runs,
              () -> send(
                  t,
                  "PROPFIND",
                  cal,
                  "1",
                  "<propfind xmlns='DAV:'><prop><getetag/></prop></propfind>",
                  207)));
      var hrefs = new StringBuilder();
      for (int i = 0; i < 100; i++) {
        hrefs
            .append("<D:href>")
            .append(cal)
            .append("e")
            .append(i * (size / 100))
            .append(".ics")
            .append("</D:href>");
      }
      record(
          t,
          out,
          "calendar-multiget of 100, in " + size + " (ms)",
          median(
              runs,
              () -> send(
                  t,
                  "REPORT",
                  cal,
                  "1",
                  "<C:calendar-multiget xmlns:D='DAV:'"
                      + " xmlns:C='urn:ietf:params:xml:ns:caldav'><D:prop><D:getetag/><C:calendar-data/>"
                      + "</D:prop>" + hrefs + "</C:calendar-multiget>",
                  207)));
      record(
          t,
          out,
          "calendar-query, a year, of " + size + " (ms)",
          median(
              runs,
              () -> send(
                  t,
                  "REPORT",
                  cal,
                  "1",
                  "<C:calendar-query xmlns:D='DAV:'"
                      + " xmlns:C='urn:ietf:params:xml:ns:caldav'><D:prop><D:getetag/></D:prop>"
                      + "<C:filter><C:comp-filter name='VCALENDAR'><C:comp-filter name='VEVENT'>"
                      + "<C:time-range start='20270101T000000Z' end='20280101T000000Z'/>"
                      + "</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>",
                  207)));
      AtomicInteger n = new AtomicInteger();
      record(t, out, "sync-collection after one change, " + size + " (ms)", median(runs, () -> {
        String token = token(send(t, "REPORT", cal, "1", sync(""), 207));
        put(t, id, "e" + (n.incrementAndGet() % size), n.get());
        long start = System.nanoTime();
        String body = send(t, "REPORT", cal, "1", sync(token), 207);
        long took = System.nanoTime() - start;
        if (body.split("<[A-Za-z0-9]*:?response>", -1).length > 3) {
          throw new IllegalStateException("more than the one change came back");
        }
        return took;
      }));
    }
    return out;
  }

  /** Keeps a figure and prints it at once, so a run cut short still shows what it measured. */
  private static void record(Target t, Map<String, Double> out, String figure, double value) {
    out.put(figure, value);
    System.out.printf("%-10s %-48s %12.2f%n", t.name(), figure, value);
    System.out.flush();
  }

  private static String sync(String token) {
    return "<D:sync-collection xmlns:D='DAV:'><D:sync-token>" + token + "</D:sync-token>"
        + "<D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>";
  }

  private static String token(String body) {
    Matcher m = Pattern.compile("sync-token>([^<]+)</").matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("no sync-token in " + body);
    }
    return m.group(1);
  }

  interface Timed {
    Object run() throws Exception;
  }

  /**
   * The median over {@code runs} of a request's time in ms (or of the nanos it returns), after its
   * warm-ups.
   */
  private static double median(int runs, Timed request) throws Exception {
    long warmUntil = System.nanoTime() + WARMUP_SECONDS * 1_000_000_000L;
    for (int i = 0; i < MIN_WARMUPS || (i < MAX_WARMUPS && System.nanoTime() < warmUntil); i++) {
      request.run();
    }
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      Object r = request.run();
      long took = r instanceof Long nanos ? nanos : System.nanoTime() - start;
      ms.add(took / 1e6);
    }
    ms.sort(null);
    return ms.get(ms.size() / 2);
  }

  /**
   * PUTs events e0 to e{count - 1} with {@link #CLIENTS} clients, for at most {@code cap}: the
   * rate per s over those done, whose number goes in {@code done[0]} (with the clients working in
   * order, they are the first ones).
   */
  private double puts(Target t, String calendar, int count, Duration cap, int[] done)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    long start = System.nanoTime();
    long deadline = start + cap.toNanos();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<?>> f = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        f.add(pool.submit(() -> {
          for (int i; System.nanoTime() < deadline && (i = next.getAndIncrement()) < count; ) {
            put(t, calendar, "e" + i, 0);
            finished.incrementAndGet();
          }
          return null;
        }));
      }
      for (var x : f) {
        x.get();
      }
    }
    done[0] = Math.min(next.get(), count);
    return finished.get() / ((System.nanoTime() - start) / 1e9);
  }

  /** Writes events e{from} to e{to - 1} into a Radicale calendar folder, as its PUT would. */
  private static void fill(Path folder, int from, int to) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IllegalStateException("no calendar folder " + folder);
    }
    for (int i = from; i < to; i++) {
      Files.writeString(folder.resolve("e" + i + ".ics"), event("e" + i, 0));
    }
  }

  /** An event: one in ten weekly for a year, the others an hour somewhere in 2026 to 2028. */
  private void put(Target t, String calendar, String uid, int version) throws Exception {
    send(t, "PUT", t.home() + calendar + "/" + uid + ".ics", null, event(uid, version), -1);
  }

  private static String event(String uid, int version) {
    int i = Integer.parseInt(uid.substring(1));
    String start = i % 10 == 0
        ? "20260105T090000Z\r\nRRULE:FREQ=WEEKLY;COUNT=52"
        : java.time.format.DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(java.time.ZoneOffset.UTC)
            .format(java.time.Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i * 9_461L));
    String body = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\nBEGIN:VEVENT\r\nUID:"
        + uid + "\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:" + start + "\r\nDURATION:PT1H\r\n"
        + "SUMMARY:Event " + uid + " v" + version + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    return body;
  }

  private void mkcalendar(Target t, String id) throws Exception {
    send(t, "MKCALENDAR", t.home() + id + "/", null, null, 201);
  }

  private String send(Target t, String method, String path, String depth, String body, int expect)
      throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    if (depth != null) {
      headers.put("Depth", depth);
    }
    if (method.equals("PUT")) {
      headers.put("Content-Type", "text/calendar; charset=utf-8");
    } else if (body != null) {
      headers.put("Content-Type", "application/xml; charset=utf-8");
    }
    byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    Queue<RawHttp> idle = connections.computeIfAbsent(t.name(), n -> new ConcurrentLinkedQueue<>());
    RawHttp.Response r = null;
    // Radicale's server closes idle keep-alive connections; a request that meets a closed one
    // is sent again on a new one (every request here is idempotent).
    for (int attempt = 0; r == null; attempt++) {
      RawHttp c = idle.poll();
      if (c == null) {
        c = new RawHttp(t.address(), t.authorization());
      }
      try {
        r = c.exchange(method, path, headers, bytes);
        idle.add(c);
      } catch (IOException e) {
        c.close();
        if (attempt == 3) {
          throw e;
        }
      }
    }
    boolean ok = expect < 0 ? r.status() / 100 == 2 : r.status() == expect;
    if (!ok) {
      throw new IllegalStateException(
          t.name() + " " + method + " " + path + ": " + r.status() + " " + r.text());
    }
    return r.text();
  }

  private void waitUp(Target t) throws Exception {
    for (int i = 0; i < 100; i++) {
      try {
        send(t, "PROPFIND", t.home(), "0", null, 207);
        return;
      } catch (IOException | IllegalStateException e) {
        Thread.sleep(300);
      }
    }
    throw new IllegalStateException(t.name() + " did not come up");
  }

  private static String basic(String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static Target startNymote(String jar, String java, List<String> javaOptions, Path home)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(javaOptions);
    command.addAll(List.of("-jar", jar, "--home", home.toString(), "serve"));
    command.addAll(org.nymote.bench.ServeArgs.anyPorts());
    command.addAll(List.of("--user", USER));
    Process p = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    var reader =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String password = null;
    int port = -1;
    for (String line; (line = reader.readLine()) != null && !line.equals("ready"); ) {
      Matcher pw = Pattern.compile("password for \\S+: (\\S+)").matcher(line);
      Matcher l = Pattern.compile("listening http \\S+:(\\d+)").matcher(line);
      if (pw.matches()) {
        password = pw.group(1);
      } else if (l.matches()) {
        port = Integer.parseInt(l.group(1));
      }
    }
    if (password == null || port < 0) {
      throw new IllegalStateException("nymote serve did not start");
    }
    return new Target(
        "nymote",
        new InetSocketAddress("127.0.0.1", port),
        "/dav/" + USER + "/calendars/",
        basic(password),
        p,
        Optional.empty());
  }

  private static Target startRadicale(String script, Path dir) throws IOException {
    int port;
    try (var s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder(script, dir.toString(), Integer.toString(port), USER, "bench-pw")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    return new Target(
        "radicale",
        new InetSocketAddress("127.0.0.1", port),
        "/" + USER + "/",
        basic("bench-pw"),
        p,
        Optional.of(dir.resolve("collections").resolve("collection-root").resolve(USER)));
  }
}
