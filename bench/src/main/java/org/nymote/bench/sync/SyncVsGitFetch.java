package org.nymote.bench.sync;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.storage.file.WindowCacheConfig;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.nymote.store.Commit;
import org.nymote.store.Info;
import org.nymote.store.Repo;
import org.nymote.store.Schema;
import org.nymote.store.Tree;
import org.nymote.store.sync.Sync;

/**
 * Issue 3's sync figure: how long a replica takes to take in 10,000 new commits of another one,
 * beside plain {@code git fetch} of the same repository from {@code git http-backend}.
 *
 * <p>Set-up (not timed): replica A, a Nymote repository whose {@code main} holds {@code --keys}
 * keys {@code k/000000}... of 100 bytes (one commit); B, made from A by {@link Sync#cloneInto}
 * and closed, is the template of every fresh B; then {@code --commits} single-key commits on A
 * through {@code Branch.set} by 8 writers (group commit; each is its own commit, so A's history
 * grows by exactly that many), and A is closed (checkpointed into packs: what Git serves).
 * {@code bench/scripts/git-http-backend.py} then serves the folder holding A over Git's smart HTTP.
 *
 * <p>Timed, each run on a fresh copy of B's template, in this order every run:
 *
 * <ul>
 *   <li>{@code nymote-file}: {@code Sync.sync(B, "file://A", push=false)}: A is opened as a Nymote
 *       repository, fetched over JGit's local transport, and main fast-forwarded through B's
 *       committer (durable);
 *   <li>{@code nymote-http}: the same sync, with A's URL on {@code git http-backend} as the remote
 *       (JGit's smart HTTP client);
 *   <li>{@code git-http}: {@code git fetch URL refs/heads/*:refs/heads/*} into B's copy, a bare
 *       repository (a non-forced refspec: main moves only if it fast-forwards, as in the sync);
 *   <li>{@code git-file}: the same {@code git fetch} from {@code file://A}.
 * </ul>
 *
 * With {@code --jar server/target/nymote.jar}, also against a real {@code nymote serve} on loopback
 * whose user {@code bench} has a copy of A as its store ({@code /git/bench/store.git}, HTTP Basic):
 * {@code nymote-serve}, the sync with that URL, and {@code git-serve}, {@code git fetch} from it.
 *
 * First {@code --warmup} untimed rounds of all four (the JVM's JIT), then {@code --runs} timed
 * ones. Each timing is the wall time of the call (or of the {@code git} process), after which B's main
 * is checked to be A's head. Prints one line per timing and the medians.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.nymote.bench.sync.SyncVsGitFetch \
 *     [--commits 10000] [--keys 100000] [--warmup 1] [--runs 5] [--only nymote-file,git-http,...]
 *     [--jar server/target/nymote.jar] [--jgit-cache-mb 256]   (JGit's pack window cache for this process; JGit's default is 10)
 * </pre>
 */
public final class SyncVsGitFetch {
  static final int VALUE_BYTES = 100;
  static final List<String> ALL = List.of("nymote-file", "nymote-http", "git-http", "git-file");
  static final List<String> SERVE = List.of("nymote-serve", "git-serve");

  private SyncVsGitFetch() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = options(args);
    int commits = Integer.parseInt(opt.getOrDefault("commits", "10000"));
    int keys = Integer.parseInt(opt.getOrDefault("keys", "100000"));
    int runs = Integer.parseInt(opt.getOrDefault("runs", "5"));
    int warmups = Integer.parseInt(opt.getOrDefault("warmup", "1"));
    List<String> which = new ArrayList<>(ALL);
    if (opt.containsKey("jar")) {
      which.addAll(2, SERVE);
    }
    if (opt.containsKey("only")) {
      which = Arrays.asList(opt.get("only").split(","));
    }
    Path script = Path.of(opt.getOrDefault("backend", "bench/scripts/git-http-backend.py"));
    if (opt.containsKey("jgit-cache-mb")) {
      // What the store would gain from sizing JGit's pack cache (not done by the store today).
      WindowCacheConfig c = new WindowCacheConfig();
      c.setPackedGitLimit(Long.parseLong(opt.get("jgit-cache-mb")) << 20);
      c.setDeltaBaseCacheLimit((int) Math.min(Integer.MAX_VALUE, c.getPackedGitLimit() / 4));
      c.install();
      System.out.printf(
          "JGit window cache: %d MiB, delta base cache %d MiB%n",
          c.getPackedGitLimit() >> 20, c.getDeltaBaseCacheLimit() >> 20);
    }

    Path work = Files.createTempDirectory("nymote-bench-sync-");
    Process backend = null;
    Serve serve = null;
    try {
      Path a = work.resolve("a.git");
      Path template = work.resolve("b-template");
      ObjectId head = setUp(a, template, keys, commits);

      backend = new ProcessBuilder("python3", script.toString(), work.toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      String line = new BufferedReader(
              new InputStreamReader(backend.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
      if (line == null || !line.startsWith("listening ")) {
        throw new IllegalStateException("git-http-backend.py did not start: " + line);
      }
      String http = "http://127.0.0.1:" + line.substring("listening ".length()).trim() + "/a.git";
      String file = "file://" + a.toAbsolutePath();
      System.out.printf("served at %s%n", http);
      if (which.stream().anyMatch(SERVE::contains)) {
        serve = Serve.start(
            Path.of(opt.get("jar")),
            opt.getOrDefault(
                "java", Path.of(System.getProperty("java.home"), "bin", "java").toString()),
            work,
            a);
        System.out.printf("nymote serve (pid %d) serves A at %s%n", serve.process.pid(), serve.url);
      }

      Map<String, List<Double>> times = new LinkedHashMap<>();
      for (int run = 1 - warmups; run <= runs; run++) {
        for (String w : which) {
          Path b = work.resolve("b-" + w + "-" + run);
          copy(template, b);
          double s = switch (w) {
            case "nymote-file" -> nymoteSync(b, file, null, head);
            case "nymote-http" -> nymoteSync(b, http, null, head);
            case "git-http" -> gitFetch(b, http, head);
            case "git-file" -> gitFetch(b, file, head);
            case "nymote-serve" -> nymoteSync(b, serve.url, serve.credentials(), head);
            case "git-serve" -> gitFetch(b, serve.urlWithPassword(), head);
            default -> throw new IllegalArgumentException("unknown timing " + w);
          };
          delete(b);
          if (run > 0) {
            times.computeIfAbsent(w, k -> new ArrayList<>()).add(s);
          }
          System.out.printf(
              "%s %d %-12s %8.3f s  (load %s)%n",
              run > 0 ? "run" : "warm-up", run > 0 ? run : run + warmups, w, s, load());
        }
      }
      System.out.println();
      System.out.printf(
          "%d new commits on a %d-key store; median of %d runs%n", commits, keys, runs);
      for (var e : times.entrySet()) {
        System.out.printf(
            "median %-12s %8.3f s  %s%n", e.getKey(), median(e.getValue()), e.getValue());
      }
      if (times.containsKey("git-http")) {
        double git = median(times.get("git-http"));
        for (String w : List.of("nymote-file", "nymote-http", "nymote-serve", "git-serve")) {
          if (times.containsKey(w)) {
            System.out.printf("ratio %s / git-http: %.2f%n", w, median(times.get(w)) / git);
          }
        }
      }
    } finally {
      if (serve != null) {
        serve.stop();
      }
      if (backend != null) {
        backend.destroy();
        backend.waitFor(10, TimeUnit.SECONDS);
      }
      delete(work);
    }
  }

  /** Builds A and B's template; returns A's head after the new commits. */
  static ObjectId setUp(Path a, Path template, int keys, int commits) throws Exception {
    long t0 = System.nanoTime();
    try (Repo repo = Repo.init(a, Schema.EMPTY)) {
      repo.branch("main").update(Info.now("bench", "base"), t -> {
        Tree out = t;
        for (int i = 0; i < keys; i++) {
          out = out.with(path(i), value(i, 0));
        }
        return out;
      });
    }
    Sync.cloneInto(
            "file://" + a.toAbsolutePath(),
            template,
            Schema.EMPTY,
            Sync.Options.defaults("bench-b"))
        .close();
    long t1 = System.nanoTime();
    ObjectId head;
    try (Repo repo = Repo.open(a, Schema.EMPTY)) {
      ObjectId base = repo.branch("main").head().orElseThrow().id();
      AtomicInteger next = new AtomicInteger();
      try (ExecutorService writers = Executors.newFixedThreadPool(8)) {
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
          done.add(writers.submit(() -> {
            for (int n = next.getAndIncrement(); n < commits; n = next.getAndIncrement()) {
              int key = (int) ((n * 7919L) % keys);
              repo.branch("main").set(Info.now("bench", "set " + n), path(key), value(key, n + 1));
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      }
      Commit h = repo.branch("main").head().orElseThrow();
      int grown = repo.log(h.id(), commits + 10).size() - 1;
      if (grown != commits || !repo.isAncestor(base, h.id())) {
        throw new IllegalStateException("A's history grew by " + grown + ", not " + commits);
      }
      head = h.id();
    }
    long t2 = System.nanoTime();
    System.out.printf(
        "set-up: A and B (%d keys) in %.1f s; %d commits on A in %.1f s (%.0f/s)%n",
        keys, (t1 - t0) / 1e9, commits, (t2 - t1) / 1e9, commits / ((t2 - t1) / 1e9));
    System.out.printf("A: %s%n", describe(a));
    return head;
  }

  static double nymoteSync(Path b, String remote, CredentialsProvider login, ObjectId expected) {
    Sync.Options o = Sync.Options.defaults("bench-b").withPush(false);
    if (login != null) {
      o = o.withCredentials(login);
    }
    try (Repo repo = Repo.open(b, Schema.EMPTY)) {
      long t0 = System.nanoTime();
      Sync.Report r = Sync.sync(repo, remote, o);
      long t1 = System.nanoTime();
      ObjectId got = repo.branch("main").head().orElseThrow().id();
      if (!got.equals(expected)) {
        throw new IllegalStateException("sync left main at " + got.name() + ": " + r);
      }
      return (t1 - t0) / 1e9;
    }
  }

  static double gitFetch(Path b, String remote, ObjectId expected) throws Exception {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(
            "git", "-C", b.toString(), "fetch", "--quiet", remote, "refs/heads/*:refs/heads/*")
        .inheritIO()
        .start();
    int rc = p.waitFor();
    long t1 = System.nanoTime();
    if (rc != 0) {
      throw new IllegalStateException("git fetch exited with " + rc);
    }
    Process rev = new ProcessBuilder("git", "-C", b.toString(), "rev-parse", "refs/heads/main")
        .redirectErrorStream(true)
        .start();
    String got = new String(rev.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    rev.waitFor();
    if (!got.equals(expected.name())) {
      throw new IllegalStateException("git fetch left main at " + got);
    }
    return (t1 - t0) / 1e9;
  }

  /**
   * A {@code nymote serve} whose user {@code bench} has A as its store: a first start makes the
   * home and the user (its password is printed once), A's copy replaces the empty store, and a
   * second start serves it at {@code /git/bench/store.git}.
   */
  record Serve(Process process, String url, String password) {
    static Serve start(Path jar, String java, Path work, Path a) throws Exception {
      Path home = work.resolve("home");
      Serve first = launch(jar, java, home, work, null);
      first.stop();
      Path store = home.resolve("users/bench/store.git");
      delete(store);
      copy(a, store);
      return launch(jar, java, home, work, first.password);
    }

    private static Serve launch(Path jar, String java, Path home, Path work, String password)
        throws IOException {
      List<String> command = new ArrayList<>(
          List.of(java, "-jar", jar.toString(), "--home", home.toString(), "serve"));
      command.addAll(org.nymote.bench.ServeArgs.anyPorts());
      command.addAll(List.of("--user", "bench", "--device", "bench-a"));
      Process p = new ProcessBuilder(command)
          .redirectError(
              ProcessBuilder.Redirect.appendTo(work.resolve("serve.log").toFile()))
          .start();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String port = null;
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("password for bench: ")) {
          password = line.substring("password for bench: ".length()).trim();
        } else if (line.startsWith("listening http ")) {
          port = line.substring(line.lastIndexOf(':') + 1).trim();
        } else if (line.equals("ready")) {
          return new Serve(p, "http://127.0.0.1:" + port + "/git/bench/store.git", password);
        }
      }
      throw new IllegalStateException("nymote serve stopped before it was ready: see serve.log");
    }

    CredentialsProvider credentials() {
      return new UsernamePasswordCredentialsProvider("bench", password);
    }

    String urlWithPassword() {
      return url.replace(
          "http://",
          "http://bench:" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8) + "@");
    }

    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  static org.nymote.store.Path path(int key) {
    return org.nymote.store.Path.of("k", String.valueOf(1_000_000 + key).substring(1));
  }

  static byte[] value(int key, long version) {
    byte[] out = new byte[VALUE_BYTES];
    Arrays.fill(out, (byte) '.');
    byte[] text = ("key " + key + " version " + version).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(text, 0, out, 0, Math.min(text.length, VALUE_BYTES - 1));
    out[VALUE_BYTES - 1] = '\n';
    return out;
  }

  private static String describe(Path repo) throws IOException {
    long bytes = 0;
    int packs = 0;
    try (Stream<Path> s = Files.walk(repo.resolve("objects"))) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        bytes += Files.size(p);
        packs += p.toString().endsWith(".pack") ? 1 : 0;
      }
    }
    return String.format("%d packs, %.1f MB of objects", packs, bytes / 1e6);
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  static double median(List<Double> xs) {
    double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 == args.length) {
        throw new IllegalArgumentException("options are --name value; got " + args[i]);
      }
      out.put(args[i].substring(2), args[++i]);
    }
    return out;
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path q = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else {
          Files.copy(p, q, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
