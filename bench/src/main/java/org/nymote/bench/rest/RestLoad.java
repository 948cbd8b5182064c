package org.nymote.bench.rest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.nymote.bench.http.RawHttp;

/**
 * Issue 3's REST figure: reads/s and writes/s of a real {@code nymote serve} under 32 concurrent
 * clients, with their latency.
 *
 * <p>Starts {@code java -jar server/target/nymote.jar --home TMP serve} on 127.0.0.1 with ports 0
 * and a first user {@code bench}, makes a token with {@code nymote token create bench} (Bearer
 * auth: no password hashing per request), and fills {@code --keys} values {@code k/000000}... of
 * 100 bytes on branch main through the API (PUT, 32 clients; timed only for information). Then,
 * for reads and then writes, a warm-up of {@code --warmup} seconds and {@code --runs} measured
 * runs of {@code --duration} seconds each:
 *
 * <ul>
 *   <li>reads: {@code GET /api/v1/users/bench/branches/main/values/k/NNNNNN} of a random existing
 *       key (200, the value's 100 bytes);
 *   <li>writes: {@code PUT} of the same kind of URL, a random existing key set to a new 100-byte
 *       value (200: one durable commit each, grouped by the store's committer).
 * </ul>
 *
 * Each client is a virtual thread with its own keep-alive connection, sending its next request as
 * soon as the previous answer is read (closed loop). Clients are {@link RawHttp} by default, or
 * {@code java.net.http.HttpClient} with {@code --client jdk}. A request whose answer is not 2xx,
 * or that fails, counts as an error. Prints per run: requests/s, p50, p99, errors, the CPU time
 * the server and this load generator used (cores), and the load average.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.nymote.bench.rest.RestLoad [--jar server/target/nymote.jar]
 *     [--clients 32] [--warmup 5] [--duration 20] [--runs 3] [--keys 10000] [--client raw|jdk]
 *     [--only reads|writes] [--server-jvm "-XX:StartFlightRecording=..."]
 * </pre>
 */
public final class RestLoad {
  static final String USER = "bench";
  static final int VALUE_BYTES = 100;

  private final int clients;
  private final int keys;
  private final boolean jdkClient;
  private final InetSocketAddress address;
  private final String token;
  private final ProcessHandle server;
  private final HttpClient http;

  private RestLoad(
      Map<String, String> opt, InetSocketAddress address, String token, ProcessHandle server) {
    this.clients = Integer.parseInt(opt.getOrDefault("clients", "32"));
    this.keys = Integer.parseInt(opt.getOrDefault("keys", "10000"));
    this.jdkClient = opt.getOrDefault("client", "raw").equals("jdk");
    this.address = address;
    this.token = token;
    this.server = server;
    this.http = jdkClient
        ? HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build()
        : null;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = options(args);
    Path jar = Path.of(opt.getOrDefault("jar", "server/target/nymote.jar"));
    String java = opt.getOrDefault(
        "java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    int warmup = Integer.parseInt(opt.getOrDefault("warmup", "5"));
    int duration = Integer.parseInt(opt.getOrDefault("duration", "20"));
    int runs = Integer.parseInt(opt.getOrDefault("runs", "3"));
    List<String> phases = opt.containsKey("only")
        ? Arrays.asList(opt.get("only").split(","))
        : List.of("reads", "writes");

    Path work = Files.createTempDirectory("nymote-bench-rest-");
    Path home = work.resolve("home");
    List<String> serve = new ArrayList<>(List.of(java));
    if (opt.containsKey("server-jvm")) {
      serve.addAll(Arrays.asList(opt.get("server-jvm").trim().split("\\s+")));
    }
    serve.addAll(List.of("-jar", jar.toString(), "--home", home.toString(), "serve"));
    serve.addAll(org.nymote.bench.ServeArgs.anyPorts());
    serve.addAll(List.of("--user", USER, "--device", "bench"));
    Process p = new ProcessBuilder(serve)
        .redirectError(work.resolve("serve.log").toFile())
        .start();
    try {
      int port = awaitReady(p);
      String token = run(
              java,
              "-jar",
              jar.toString(),
              "--home",
              home.toString(),
              "token",
              "create",
              USER,
              "--label",
              "load")
          .trim();
      System.out.printf(
          "nymote serve pid %d on 127.0.0.1:%d; %s%n", p.pid(), port, Runtime.version());
      RestLoad load =
          new RestLoad(opt, new InetSocketAddress("127.0.0.1", port), token, p.toHandle());
      load.fill();
      for (String phase : phases) {
        boolean writes = switch (phase) {
          case "reads" -> false;
          case "writes" -> true;
          default -> throw new IllegalArgumentException("unknown phase " + phase);
        };
        Result w = load.measure(writes, warmup);
        System.out.printf("warm-up %-6s %s%n", phase, w);
        List<Result> results = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
          Result res = load.measure(writes, duration);
          results.add(res);
          System.out.printf("run %d %-6s %s%n", r, phase, res);
        }
        results.sort(Comparator.comparingDouble(Result::perSecond));
        Result m = results.get(results.size() / 2);
        System.out.printf("median %-6s %s%n", phase, m);
      }
    } finally {
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      if (opt.containsKey("keep")) {
        System.out.println("kept " + work);
      } else {
        delete(work);
      }
    }
  }

  /** The result of one timed phase. */
  record Result(
      long requests,
      long errors,
      double seconds,
      long p50Micros,
      long p99Micros,
      double serverCores,
      double clientCores,
      String load) {
    double perSecond() {
      return requests / seconds;
    }

    @Override
    public String toString() {
      return String.format(
          "%9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d  (%d in %.1f s; cpu: server %.2f,"
              + " load generator %.2f cores; load %s)",
          perSecond(),
          p50Micros / 1000.0,
          p99Micros / 1000.0,
          errors,
          requests,
          seconds,
          serverCores,
          clientCores,
          load);
    }
  }

  /** Sets every key to version 0, 32 clients at once. */
  private void fill() throws Exception {
    long t0 = System.nanoTime();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int first = c;
        done.add(ex.submit(() -> {
          int errors = 0;
          try (Client client = client()) {
            for (int k = first; k < keys; k += clients) {
              int s = client.send("PUT", target(k), value(k, 0));
              errors += s / 100 == 2 ? 0 : 1;
            }
          }
          return errors;
        }));
      }
      int errors = 0;
      for (Future<Integer> f : done) {
        errors += f.get();
      }
      if (errors > 0) {
        throw new IllegalStateException(errors + " PUTs of the fill failed");
      }
    }
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("filled %d keys through PUT in %.1f s (%.0f/s)%n", keys, s, keys / s);
  }

  private Result measure(boolean writes, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    Duration serverCpu0 = cpu(server);
    Duration clientCpu0 = cpu(ProcessHandle.current());
    long t0 = System.nanoTime();
    List<long[]> latencies = new ArrayList<>();
    long[] errors = new long[clients];
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<long[]>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int me = c;
        done.add(ex.submit(() -> {
          long[] lat = new long[1 << 14];
          int n = 0;
          ThreadLocalRandom random = ThreadLocalRandom.current();
          long version = 1_000_000L * (me + 1) + System.nanoTime() % 1_000_000;
          try (Client client = client()) {
            while (System.nanoTime() < deadline) {
              int k = random.nextInt(keys);
              long a = System.nanoTime();
              int status;
              try {
                status = writes
                    ? client.send("PUT", target(k), value(k, ++version))
                    : client.send("GET", target(k), null);
              } catch (IOException e) {
                status = 0;
                client.reset();
              }
              long b = System.nanoTime();
              if (status / 100 != 2) {
                errors[me]++;
              }
              if (n == lat.length) {
                lat = Arrays.copyOf(lat, n * 2);
              }
              lat[n++] = (b - a) / 1000;
            }
          }
          return Arrays.copyOf(lat, n);
        }));
      }
      for (Future<long[]> f : done) {
        latencies.add(f.get());
      }
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    double serverCores = cpu(server).minus(serverCpu0).toNanos() / 1e9 / elapsed;
    double clientCores = cpu(ProcessHandle.current()).minus(clientCpu0).toNanos() / 1e9 / elapsed;
    long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    long errs = Arrays.stream(errors).sum();
    return new Result(
        all.length,
        errs,
        elapsed,
        percentile(all, 0.50),
        percentile(all, 0.99),
        serverCores,
        clientCores,
        loadAverage());
  }

  private static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  }

  private static Duration cpu(ProcessHandle h) {
    return h.info().totalCpuDuration().orElse(Duration.ZERO);
  }

  static String target(int key) {
    return "/api/v1/users/" + USER + "/branches/main/values/k/"
        + String.valueOf(1_000_000 + key).substring(1);
  }

  static byte[] value(int key, long version) {
    byte[] out = new byte[VALUE_BYTES];
    Arrays.fill(out, (byte) '.');
    byte[] text = ("key " + key + " version " + version).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(text, 0, out, 0, Math.min(text.length, VALUE_BYTES - 1));
    out[VALUE_BYTES - 1] = '\n';
    return out;
  }

  /** One client's connection. */
  interface Client extends AutoCloseable {
    int send(String method, String target, byte[] body) throws IOException;

    /** Drops the connection after a failure; the next request opens a new one. */
    void reset();

    @Override
    void close();
  }

  private Client client() {
    if (!jdkClient) {
      RawHttp raw = new RawHttp(address, "Bearer " + token);
      return new Client() {
        @Override
        public int send(String method, String target, byte[] body) throws IOException {
          return raw.send(method, target, body);
        }

        @Override
        public void reset() {
          raw.close();
        }

        @Override
        public void close() {
          raw.close();
        }
      };
    }
    String base = "http://127.0.0.1:" + address.getPort();
    return new Client() {
      @Override
      public int send(String method, String target, byte[] body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + target))
            .header("Authorization", "Bearer " + token);
        b = body == null
            ? b.GET()
            : b.header("Content-Type", "application/octet-stream")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        try {
          return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }

      @Override
      public void reset() {}

      @Override
      public void close() {}
    };
  }

  /** Reads {@code nymote serve}'s standard output up to {@code ready}; returns the HTTP port. */
  private static int awaitReady(Process p) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    int port = -1;
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("listening http ")) {
        port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
      } else if (line.equals("ready")) {
        Thread drain = new Thread(() -> {
          try {
            out.transferTo(java.io.Writer.nullWriter());
          } catch (IOException e) {
            // the server stopped
          }
        });
        drain.setDaemon(true);
        drain.start();
        return port;
      }
    }
    throw new IllegalStateException("nymote serve stopped before it was ready (see serve.log)");
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
    return out;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("options are --name value; got " + args[i]);
      }
      String name = args[i].substring(2);
      out.put(name, name.equals("keep") ? "true" : args[++i]);
    }
    return out;
  }

  static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
