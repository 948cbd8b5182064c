package org.nymote.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nymote store sync} and {@code clone} with plain Git remotes: a bare repository served by
 * {@code git http-backend} (behind python's CGI runner) and by {@code git daemon}. Two stores
 * edit the same values concurrently, sync through the remote, and converge with nothing lost.
 */
class PlainGitRemotesTest {
  @TempDir
  Path temp;

  @Test
  void twoStoresConvergeThroughGitHttpBackend() throws Exception {
    Path root = bareHub();
    GitCli.ok(root.resolve("hub.git"), "config", "http.receivepack", "true");
    var python = new ProcessBuilder(python(), script().toString())
        .redirectError(temp.resolve("http-backend.log").toFile());
    python.environment().put("GIT_PROJECT_ROOT", root.toString());
    python.environment().put("GIT_HTTP_EXPORT_ALL", "1");
    Process server = python.start();
    try {
      String port = new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
      assertThat(port).as("the CGI runner's port").matches("\\d+");
      convergeThrough("http://127.0.0.1:" + port + "/cgi-bin/git.py/hub.git", root);
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void twoStoresConvergeThroughGitDaemon() throws Exception {
    Path root = bareHub();
    int port;
    try (var free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Process daemon = new ProcessBuilder(
            "git",
            "daemon",
            "--reuseaddr",
            "--export-all",
            "--enable=receive-pack",
            "--base-path=" + root,
            "--listen=127.0.0.1",
            "--port=" + port,
            root.toString())
        .redirectErrorStream(true)
        .redirectOutput(temp.resolve("daemon.log").toFile())
        .start();
    try {
      awaitListening(port);
      convergeThrough("git://127.0.0.1:" + port + "/hub.git", root);
    } finally {
      daemon.destroy();
      daemon.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private void convergeThrough(String url, Path root) throws Exception {
    String a = temp.resolve("a").toString();
    String b = temp.resolve("b").toString();
    store("--repo", a, "init");
    store("--repo", a, "set", "notes/first", "from a");
    store("--repo", a, "set", "n/visits.counter", "3\n");
    assertThat(store("--repo", a, "sync", url).text()).isEqualTo("main: pushed\n");

    var clone = store("clone", url, b);
    assertThat(clone.text()).isEqualTo("cloned 1 branches into " + b + "\n");

    // Both change the same counter and add their own notes, without talking to each other.
    store("--repo", a, "set", "n/visits.counter", "4\n");
    store("--repo", b, "set", "n/visits.counter", "5\n");
    store("--repo", a, "set", "notes/only-a", "a");
    store("--repo", b, "set", "notes/only-b", "b");
    store("--repo", a, "sync", url);
    assertThat(store("--repo", b, "sync", url).text()).isEqualTo("main: merged pushed\n");
    assertThat(store("--repo", a, "sync", url).text()).isEqualTo("main: fast_forwarded\n");

    for (String repo : new String[] {a, b}) {
      assertThat(store("--repo", repo, "get", "n/visits.counter").text()).isEqualTo("6\n");
      assertThat(store("--repo", repo, "ls", "notes").text()).isEqualTo("first\nonly-a\nonly-b\n");
    }
    String head = GitCli.ok(temp, "--git-dir", a, "rev-parse", "main");
    assertThat(GitCli.ok(temp, "--git-dir", b, "rev-parse", "main")).isEqualTo(head);
    assertThat(
            GitCli.ok(temp, "--git-dir", root.resolve("hub.git").toString(), "rev-parse", "main"))
        .isEqualTo(head);
    GitCli.ok(temp, "--git-dir", root.resolve("hub.git").toString(), "fsck", "--strict");
  }

  private Path bareHub() throws Exception {
    Path root = Files.createDirectories(temp.resolve("remote"));
    GitCli.ok(root, "init", "-q", "--bare", "hub.git");
    return root;
  }

  private static Cli.Output store(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "store";
    System.arraycopy(args, 0, all, 1, args.length);
    Cli.Output out = Cli.run(all);
    assertThat(out.exitCode()).as(String.join(" ", all) + ": " + out.stderr()).isZero();
    return out;
  }

  /** The system's python3 (the CI installs it); a user's pyenv one may lack modules. */
  private static String python() {
    return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
  }

  private Path script() throws Exception {
    Path script = temp.resolve("git-http-backend.py");
    try (var in = getClass().getResourceAsStream("git-http-backend.py")) {
      Files.write(script, in.readAllBytes());
    }
    return script;
  }

  private static void awaitListening(int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (var socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return;
      } catch (java.io.IOException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("git daemon did not listen on " + port, e);
        }
        Thread.sleep(50);
      }
    }
  }
}
