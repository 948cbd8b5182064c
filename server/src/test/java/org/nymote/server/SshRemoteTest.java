package org.nymote.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssh://} remotes with the real OpenSSH {@code sshd} on loopback (its own host key, one
 * authorized ed25519 key, no passwords) in front of a plain bare repository, and the real {@code
 * nymote} in a child JVM whose user home holds {@code .ssh/config}, the key and {@code
 * known_hosts}: two stores converge through it, as does {@code nymote sync} of a home; an unknown
 * or changed host key and a key the server does not know are refused with a message that says what
 * to do.
 */
class SshRemoteTest {
  @TempDir
  static Path temp;

  private static Process sshd;
  private static int port;
  private static Path hub;
  private static Path userKey;
  private static String hostKeyLine;
  private static String hostFingerprint;

  @BeforeAll
  static void startSshd() throws Exception {
    Path server = Files.createDirectories(temp.resolve("sshd"));
    keygen(server.resolve("host_ed25519"));
    userKey = keygen(temp.resolve("user_ed25519"));
    Files.copy(temp.resolve("user_ed25519.pub"), server.resolve("authorized_keys"));
    hostKeyLine = Files.readString(server.resolve("host_ed25519.pub")).trim();
    hostFingerprint = run(
            temp, "ssh-keygen", "-l", "-f", server.resolve("host_ed25519.pub").toString())
        .split(" ")[1];
    try (var free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Files.writeString(
        server.resolve("sshd_config"),
        String.join(
            "\n",
            "ListenAddress 127.0.0.1",
            "Port " + port,
            "HostKey " + server.resolve("host_ed25519"),
            "PidFile " + server.resolve("sshd.pid"),
            "AuthorizedKeysFile " + server.resolve("authorized_keys"),
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "UsePAM no",
            // CI runs as root; only its key may log in, never a password.
            "PermitRootLogin prohibit-password",
            // The temporary folders' modes are not sshd's business here.
            "StrictModes no",
            ""));
    // sshd's privilege separation folder, which only a started ssh service would make.
    Path privsep = Path.of("/run/sshd");
    if (!Files.isDirectory(privsep)) {
      Files.createDirectories(privsep);
    }
    sshd = new ProcessBuilder(
            "/usr/sbin/sshd", "-D", "-e", "-f", server.resolve("sshd_config").toString())
        .redirectErrorStream(true)
        .redirectOutput(server.resolve("sshd.log").toFile())
        .start();
    awaitListening(port);
    hub = temp.resolve("hub.git");
    GitCli.ok(temp, "init", "-q", "--bare", hub.toString());
  }

  @AfterAll
  static void stopSshd() throws Exception {
    if (sshd != null) {
      sshd.destroy();
      sshd.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void twoStoresConvergeThroughAPlainRepositoryOverSsh() throws Exception {
    Path user = userHome("user", userKey, knownHosts(hostKeyLine));
    String url = url();
    String a = temp.resolve("a").toString();
    String b = temp.resolve("b").toString();
    // Local edits run in this JVM; every command that goes over ssh runs in a child.
    local("store", "--repo", a, "init");
    local("store", "--repo", a, "set", "notes/first", "from a");
    local("store", "--repo", a, "set", "n/visits.counter", "3\n");
    assertThat(ok(user, "store", "--repo", a, "sync", url)).isEqualTo("main: pushed\n");
    assertThat(ok(user, "store", "clone", url, b)).isEqualTo("cloned 1 branches into " + b + "\n");

    // Both change the same counter and add their own notes, without talking to each other.
    local("store", "--repo", a, "set", "n/visits.counter", "4\n");
    local("store", "--repo", b, "set", "n/visits.counter", "5\n");
    local("store", "--repo", a, "set", "notes/only-a", "a");
    local("store", "--repo", b, "set", "notes/only-b", "b");
    ok(user, "store", "--repo", a, "sync", url);
    assertThat(ok(user, "store", "--repo", b, "sync", url)).isEqualTo("main: merged pushed\n");
    assertThat(ok(user, "store", "--repo", a, "sync", url)).isEqualTo("main: fast_forwarded\n");

    for (String repo : List.of(a, b)) {
      assertThat(local("store", "--repo", repo, "get", "n/visits.counter")).isEqualTo("6\n");
      assertThat(local("store", "--repo", repo, "ls", "notes"))
          .isEqualTo("first\nonly-a\nonly-b\n");
    }
    String head = GitCli.ok(temp, "--git-dir", a, "rev-parse", "main");
    assertThat(GitCli.ok(temp, "--git-dir", b, "rev-parse", "main")).isEqualTo(head);
    assertThat(GitCli.ok(hub, "rev-parse", "main")).isEqualTo(head);
    GitCli.ok(hub, "fsck", "--strict");

    // A home's user syncs with an ssh remote by name (nymote sync with no serve running).
    Path home = temp.resolve("home");
    NymoteProcess.serve(home, "--user", "alice").close();
    local("--home", home.toString(), "remote", "add", "hub", url);
    assertThat(ok(user, home, "", "sync")).isEqualTo("alice hub: ok, main created_here\n");
    assertThat(local(
            "store",
            "--repo",
            home.resolve("users/alice/store.git").toString(),
            "get",
            "n/visits.counter"))
        .isEqualTo("6\n");
  }

  @Test
  void anUnknownHostKeyIsRefusedAndNotRemembered() throws Exception {
    Path user = userHome("stranger", userKey, "");
    String before = GitCli.run(hub, "for-each-ref").text();

    var sync = nymote(
        user,
        temp.resolve("h-unknown"),
        "",
        "store",
        "clone",
        url(),
        temp.resolve("unknown").toString());

    assertThat(sync.exitCode()).isNotZero();
    assertThat(sync.stderr())
        .contains("ssh host key of [127.0.0.1]:" + port)
        .contains(hostFingerprint)
        .contains("is not in " + user.resolve(".ssh") + "/known_hosts")
        .contains("ssh-keyscan");
    assertThat(Files.readString(user.resolve(".ssh/known_hosts"))).isEmpty();
    assertThat(GitCli.run(hub, "for-each-ref").text()).isEqualTo(before);
  }

  @Test
  void aChangedHostKeyIsRefused() throws Exception {
    Path other = keygen(temp.resolve("other_host_ed25519"));
    String otherLine =
        Files.readString(other.resolveSibling("other_host_ed25519.pub")).trim();
    Path user = userHome("changed", userKey, knownHosts(otherLine));

    var sync = nymote(
        user,
        temp.resolve("h-changed"),
        "",
        "store",
        "clone",
        url(),
        temp.resolve("changed").toString());

    assertThat(sync.exitCode()).isNotZero();
    assertThat(sync.stderr())
        .contains(hostFingerprint)
        .contains("is not the one")
        .contains("ssh-keygen -R");
  }

  @Test
  void aKeyTheServerDoesNotKnowIsAClearAuthenticationError() throws Exception {
    Path wrong = keygen(temp.resolve("wrong_ed25519"));
    Path user = userHome("wrong", wrong, knownHosts(hostKeyLine));

    var sync = nymote(
        user,
        temp.resolve("h-wrong"),
        "",
        "store",
        "clone",
        url(),
        temp.resolve("wrong").toString());

    assertThat(sync.exitCode()).isNotZero();
    assertThat(sync.stderr()).contains("accepted none of our keys").contains("authorized_keys");
  }

  private static String url() {
    return "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + port + hub.toAbsolutePath();
  }

  private static String knownHosts(String keyLine) {
    String[] parts = keyLine.split(" ");
    return "[127.0.0.1]:" + port + " " + parts[0] + " " + parts[1] + "\n";
  }

  /** A user home with {@code .ssh/config} naming {@code key}, and {@code known_hosts}. */
  private static Path userHome(String name, Path key, String knownHosts) throws IOException {
    Path ssh = Files.createDirectories(temp.resolve("users").resolve(name).resolve(".ssh"));
    Files.copy(key, ssh.resolve("id_ed25519"));
    Files.writeString(
        ssh.resolve("config"),
        "Host 127.0.0.1\n  IdentityFile ~/.ssh/id_ed25519\n  IdentitiesOnly yes\n");
    Files.writeString(ssh.resolve("known_hosts"), knownHosts);
    return ssh.getParent();
  }

  /** Runs a command that stays on this machine in this JVM. */
  private static String local(String... args) {
    Cli.Output out = Cli.run(args);
    assertThat(out.exitCode()).as(String.join(" ", args) + ": " + out.stderr()).isZero();
    return out.text();
  }

  private static String ok(Path userHome, String... args) throws Exception {
    return ok(userHome, temp.resolve("nymote-home"), "", args);
  }

  private static String ok(Path userHome, Path home, String stdin, String... args)
      throws Exception {
    var result = nymote(userHome, home, stdin, args);
    assertThat(result.exitCode())
        .as(String.join(" ", args) + ": " + result.stderr() + "\nsshd's log:\n" + sshdLog())
        .isZero();
    return result.stdout();
  }

  private static NymoteProcess.Result nymote(Path userHome, Path home, String stdin, String... args)
      throws Exception {
    return NymoteProcess.runWithUserHome(userHome, home, stdin, args);
  }

  private static String sshdLog() throws IOException {
    return Files.readString(temp.resolve("sshd/sshd.log"));
  }

  private static Path keygen(Path file) throws Exception {
    run(
        temp,
        "ssh-keygen",
        "-q",
        "-t",
        "ed25519",
        "-N",
        "",
        "-C",
        "nymote-test",
        "-f",
        file.toString());
    return file;
  }

  private static String run(Path dir, String... command) throws Exception {
    Process p = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    return out;
  }

  private static void awaitListening(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (var socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return;
      } catch (IOException e) {
        if (!sshd.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError(
              "sshd did not listen on " + port + ": "
                  + Files.readString(temp.resolve("sshd/sshd.log")),
              e);
        }
        Thread.sleep(50);
      }
    }
  }
}
