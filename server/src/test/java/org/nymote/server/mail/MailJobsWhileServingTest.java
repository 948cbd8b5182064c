package org.nymote.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nymote.server.NymoteProcess;
import org.nymote.server.sync.LocalServer;

/**
 * {@code nymote mail import} and {@code export} while {@code nymote serve} runs: the serve runs
 * them on its own store (through its local route), python3 imaplib sees what was imported, and the
 * export gives back the imported mbox byte for byte. The route itself wants the serve's token.
 */
class MailJobsWhileServingTest {
  @TempDir
  static Path temp;

  private static ImapServerFixture server;

  /** An mboxrd file as our writer makes it (so an export of it is the same bytes). */
  static final String MBOX = """
      From MAILER-DAEMON Mon Nov 23 09:00:00 2026
      From: Bob <bob@example.org>
      To: Alice <alice@example.org>
      Subject: first
      Message-ID: <imported1@example.org>

      Hello.
      >From the top of a line
      >>From quoted once

      From MAILER-DAEMON Mon Nov 23 09:01:00 2026
      From: Bob <bob@example.org>
      To: Alice <alice@example.org>
      Subject: second
      Message-ID: <imported2@example.org>

      Caf\u00e9.

      From MAILER-DAEMON Mon Nov 23 09:02:00 2026
      From: Bob <bob@example.org>
      To: Alice <alice@example.org>
      Subject: third
      Message-ID: <imported3@example.org>

      Bye.

      """;

  /** Prints the Message-IDs of a mailbox, one a line, as an IMAP client sees them. */
  static final String LIST_IDS = """
      import sys
      from imaptest import *
      m = implicit_tls()
      ok(m.select('"' + sys.argv[1] + '"', readonly=True), "select")
      typ, data = m.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
      for item in data:
          if isinstance(item, tuple):
              print("id " + item[1].decode().split(":", 1)[1].strip())
      m.logout()
      """;

  @BeforeAll
  static void start() throws Exception {
    server = ImapServerFixture.start(temp, "--device", "jobs-test");
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static String ids(String mailbox) throws Exception {
    Path scripts = Path.of("src/test/resources/imap").toAbsolutePath();
    var pb = new ProcessBuilder("python3", "-c", LIST_IDS, mailbox)
        .directory(scripts.toFile())
        .redirectErrorStream(true);
    pb.environment().putAll(server.environment());
    pb.environment().put("PYTHONPATH", scripts.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void importThenExportWhileServingRoundTripsAndImapSeesIt() throws Exception {
    Path mbox = temp.resolve("in.mbox");
    Files.writeString(mbox, MBOX);
    var imported = NymoteProcess.run(
        server.home, "", "mail", "import", "alice", mbox.toString(), "--mailbox", "Imported");
    assertThat(imported.exitCode()).as(imported.stderr()).isZero();
    assertThat(imported.stdout()).contains("imported 3 messages into Imported");
    assertThat(imported.stderr()).contains("[##############################] 100%");

    assertThat(ids("Imported").lines().filter(l -> l.startsWith("id ")).toList())
        .containsExactly(
            "id <imported1@example.org>",
            "id <imported2@example.org>",
            "id <imported3@example.org>");

    Path out = temp.resolve("out.mbox");
    var exported = NymoteProcess.run(
        server.home, "", "mail", "export", "alice", "Imported", "-o", out.toString());
    assertThat(exported.exitCode()).as(exported.stderr()).isZero();
    assertThat(exported.stdout()).contains("exported 3 messages to " + out);
    assertThat(exported.stderr()).contains("100% 3/3 messages");
    assertThat(Files.readString(out)).isEqualTo(MBOX);
  }

  @Test
  void badArgumentsAreClearErrorsFromTheServe() throws Exception {
    var noBox = NymoteProcess.run(
        server.home,
        "",
        "mail",
        "export",
        "alice",
        "Nope",
        "-o",
        temp.resolve("nope.mbox").toString());
    assertThat(noBox.exitCode()).isEqualTo(2);
    assertThat(noBox.stderr()).contains("no mailbox Nope for alice");
    assertThat(temp.resolve("nope.mbox")).doesNotExist();

    Path notes = temp.resolve("notes.txt");
    Files.writeString(notes, "not mail\n");
    var notMbox = NymoteProcess.run(server.home, "", "mail", "import", "alice", notes.toString());
    assertThat(notMbox.exitCode()).isEqualTo(1);
    assertThat(notMbox.stderr()).contains("not an mbox file");

    var noDir = NymoteProcess.run(
        server.home,
        "",
        "mail",
        "export",
        "alice",
        "INBOX",
        "-o",
        temp.resolve("no/such/dir/x.mbox").toString());
    assertThat(noDir.exitCode()).isEqualTo(2);
    assertThat(noDir.stderr()).contains("no directory");
  }

  @Test
  void theRouteWantsTheServesTokenAndNamesWhatIsWrong() throws Exception {
    LocalServer local = LocalServer.find(server.home).orElseThrow();
    String url = local.url() + "local/v1/mail/";
    String missing = "{\"user\":\"alice\",\"source\":\"" + temp.resolve("gone") + "\","
        + "\"mailbox\":\"INBOX\"}";
    try (HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
      var none =
          http.send(post(url + "import", null, missing), HttpResponse.BodyHandlers.ofString());
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.body()).contains("control token");

      var wrong = http.send(
          post(url + "import", "0".repeat(64), missing), HttpResponse.BodyHandlers.ofString());
      assertThat(wrong.statusCode()).isEqualTo(403);
      assertThat(wrong.body()).contains("not the control token");

      var noSource = http.send(
          post(url + "import", local.token(), missing), HttpResponse.BodyHandlers.ofString());
      assertThat(noSource.statusCode()).isEqualTo(400);
      assertThat(noSource.body()).contains("no Maildir or mbox file at " + temp.resolve("gone"));

      var badBox = http.send(
          post(
              url + "export",
              local.token(),
              "{\"user\":\"alice\",\"mailbox\":\"Nope\",\"output\":\"" + temp.resolve("b.mbox")
                  + "\"}"),
          HttpResponse.BodyHandlers.ofString());
      assertThat(badBox.statusCode()).isEqualTo(404);
      assertThat(badBox.body()).contains("no mailbox Nope");

      var badUser = http.send(
          post(
              url + "restore",
              local.token(),
              "{\"user\":\"mallory\",\"mailbox\":\"INBOX\","
                  + "\"asOf\":\"2026-01-01T00:00:00Z\"}"),
          HttpResponse.BodyHandlers.ofString());
      assertThat(badUser.statusCode()).isEqualTo(404);
      assertThat(badUser.body()).contains("no user mallory");

      var relative = http.send(
          post(
              url + "import",
              local.token(),
              "{\"user\":\"alice\",\"source\":\"in.mbox\"," + "\"mailbox\":\"INBOX\"}"),
          HttpResponse.BodyHandlers.ofString());
      assertThat(relative.statusCode()).isEqualTo(400);
      assertThat(relative.body()).contains("must be an absolute path");

      var notJson = http.send(
          post(url + "import", local.token(), "user=alice"), HttpResponse.BodyHandlers.ofString());
      assertThat(notJson.statusCode()).isEqualTo(400);
      assertThat(notJson.body()).contains("not JSON");
    }
  }

  @Test
  void oneJobPerUserAtATime() throws Exception {
    // bob's job, so that the other tests (alice's) never meet it
    Path big = temp.resolve("big.mbox");
    var text = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      text.append("From MAILER-DAEMON Mon Nov 23 09:00:00 2026\nSubject: n")
          .append(i)
          .append("\n\nx\n\n");
    }
    Files.writeString(big, text);
    LocalServer local = LocalServer.find(server.home).orElseThrow();
    String url = local.url() + "local/v1/mail/import";
    String job = "{\"user\":\"bob\",\"source\":\"" + big + "\",\"mailbox\":\"Big\"}";
    try (HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
      var first =
          http.send(post(url, local.token(), job), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(first.statusCode()).isEqualTo(200);
      try (var lines = new java.io.BufferedReader(
          new java.io.InputStreamReader(first.body(), StandardCharsets.UTF_8))) {
        assertThat(lines.readLine()).startsWith("progress ");
        var second = http.send(post(url, local.token(), job), HttpResponse.BodyHandlers.ofString());
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).contains("another mail job for bob is running");
      } // closing the first answer ends its job at its next progress line
    }
  }

  private static HttpRequest post(String url, String token, String json) {
    var b = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.build();
  }
}
