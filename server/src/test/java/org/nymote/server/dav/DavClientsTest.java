package org.nymote.server.dav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nymote.server.dav.DavClient.card;
import static org.nymote.server.dav.DavClient.event;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nymote.server.HomeCertificate;
import org.nymote.server.NymoteProcess;

/**
 * Real CalDAV and CardDAV clients against the real {@code nymote serve} over HTTPS, trusting its
 * certificate: python3-caldav; vdirsyncer syncing a calendar and an address book both ways, with
 * creates, edits and deletes on each side; khal and khard reading what vdirsyncer brought down.
 */
class DavClientsTest {
  private static final String PYTHON = "/usr/bin/python3";

  @TempDir
  static Path temp;

  static NymoteProcess nymote;
  static DavClient alice;
  static String password;
  static Path cert;
  static String https;

  @BeforeAll
  static void start() throws Exception {
    Path home = temp.resolve("home");
    nymote = NymoteProcess.serve(home, "--user", "alice");
    password = nymote.password().orElseThrow();
    alice = new DavClient(nymote.port("http"), "alice", password);
    cert = HomeCertificate.writePem(home, temp.resolve("nymote.pem"));
    https = "https://localhost:" + nymote.port("https");
  }

  @AfterAll
  static void stop() throws Exception {
    nymote.close();
  }

  @Test
  void python3CaldavDiscoversCreatesQueriesAndDeletes() throws Exception {
    Path script = temp.resolve("caldav-client.py");
    try (InputStream in = DavClientsTest.class.getResourceAsStream("caldav-client.py")) {
      Files.write(script, in.readAllBytes());
    }

    List<String> out = run(
        List.of(
            PYTHON,
            script.toString(),
            https + "/.well-known/caldav",
            "alice",
            password,
            cert.toString()),
        null);

    assertThat(out)
        .contains(
            "calendars " + https + "/dav/alice/calendars/default/",
            "in range 1 Standup",
            "out of range 0",
            "after delete 0");
  }

  @Test
  void vdirsyncerSyncsBothWaysAndKhalAndKhardReadTheResult() throws Exception {
    Path dir = temp.resolve("vdirsyncer");
    Path config = vdirsyncerConfig(dir);
    String cal = "/dav/alice/calendars/default/";
    String book = "/dav/alice/contacts/default/";
    assertThat(alice
            .put(
                cal + "weekly.ics",
                event(
                    "weekly",
                    "DTSTART:20260105T100000Z\r\nDTEND:20260105T110000Z\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\n"
                        + "SUMMARY:Weekly sync\r\n"))
            .statusCode())
        .isEqualTo(201);
    assertThat(alice
            .put(
                cal + "gone.ics",
                event("gone", "DTSTART:20260110T100000Z\r\n" + "SUMMARY:Remote deletes me\r\n"))
            .statusCode())
        .isEqualTo(201);
    assertThat(alice
            .put(book + "ann.vcf", card("ann", "Ann Smith", "EMAIL:ann@example.org\r\n"))
            .statusCode())
        .isEqualTo(201);

    vdirsyncer(config, "discover");
    vdirsyncer(config, "sync");
    Path localCal = dir.resolve("cal/default");
    Path localBook = dir.resolve("card/default");
    assertThat(localCal.resolve("weekly.ics")).exists();
    assertThat(localBook.resolve("ann.vcf")).exists();

    // Local side: create, edit, delete.
    Files.writeString(
        localCal.resolve("local.ics"),
        event("local", "DTSTART:20260120T080000Z\r\nSUMMARY:Made locally\r\n"));
    Files.writeString(localBook.resolve("bo.vcf"), card("bo", "Bo Jones", ""));
    Files.writeString(
        localBook.resolve("ann.vcf"), card("ann", "Ann Smith-Local", "EMAIL:ann@example.org\r\n"));
    // Remote side: create, edit, delete.
    alice.put(
        cal + "remote.ics",
        event("remote", "DTSTART:20260121T080000Z\r\n" + "SUMMARY:Made remotely\r\n"));
    alice.put(
        cal + "weekly.ics",
        event(
            "weekly",
            "DTSTART:20260105T100000Z\r\n"
                + "DTEND:20260105T110000Z\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\nSUMMARY:Weekly sync v2\r\n"));
    assertThat(alice.send("DELETE", cal + "gone.ics", null).statusCode()).isEqualTo(204);
    vdirsyncer(config, "sync");

    assertThat(alice.send("GET", cal + "local.ics", null).body()).contains("Made locally");
    assertThat(alice.send("GET", book + "bo.vcf", null).body()).contains("Bo Jones");
    assertThat(alice.send("GET", book + "ann.vcf", null).body()).contains("Ann Smith-Local");
    assertThat(Files.readString(localCal.resolve("remote.ics"))).contains("Made remotely");
    assertThat(Files.readString(localCal.resolve("weekly.ics"))).contains("Weekly sync v2");
    assertThat(localCal.resolve("gone.ics")).doesNotExist();

    Files.delete(localBook.resolve("bo.vcf"));
    vdirsyncer(config, "sync");
    assertThat(alice.send("GET", book + "bo.vcf", null).statusCode()).isEqualTo(404);

    List<String> khal = run(
        List.of(
            "khal", "-c", khalConfig(dir, localCal).toString(), "list", "2026-01-01", "2026-02-01"),
        null);
    assertThat(String.join("\n", khal))
        .contains("Weekly sync v2", "Made locally", "Made remotely")
        .doesNotContain("Remote deletes me");
    assertThat(khal.stream().filter(l -> l.contains("Weekly sync v2")).count()).isEqualTo(4);

    Path khardConfig = khardConfig(dir, localBook);
    assertThat(String.join("\n", run(List.of("khard", "-c", khardConfig.toString(), "list"), null)))
        .contains("Ann Smith-Local", "ann@example.org")
        .doesNotContain("Bo Jones");
    assertThat(String.join(
            "\n",
            run(
                List.of("khard", "-c", khardConfig.toString(), "show", "--format", "yaml", "Ann"),
                null)))
        .contains("Formatted name: Ann Smith-Local");
  }

  private static Path vdirsyncerConfig(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("status"));
    String config = "[general]\nstatus_path = \"" + dir.resolve("status") + "/\"\n";
    for (String kind : List.of("cal", "card")) {
      String type = kind.equals("cal") ? "caldav" : "carddav";
      String ext = kind.equals("cal") ? ".ics" : ".vcf";
      Files.createDirectories(dir.resolve(kind));
      config += "\n[pair " + kind + "]\na = \"" + kind + "_local\"\nb = \"" + kind
          + "_remote\"\ncollections = [\"from b\"]\n"
          + "\n[storage " + kind + "_local]\ntype = \"filesystem\"\npath = \"" + dir.resolve(kind)
          + "/\"\nfileext = \"" + ext + "\"\n"
          + "\n[storage " + kind + "_remote]\ntype = \"" + type + "\"\nurl = \"" + https
          + "/\"\nusername = \"alice\"\npassword = \"" + password + "\"\nverify = \"" + cert
          + "\"\n";
    }
    Path file = dir.resolve("config");
    Files.writeString(file, config);
    return file;
  }

  private static Path khalConfig(Path dir, Path calendar) throws IOException {
    Path file = dir.resolve("khal.conf");
    Files.writeString(
        file,
        "[calendars]\n[[default]]\npath = " + calendar + "/\ntype = calendar\n"
            + "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
            + "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
            + "local_timezone = UTC\ndefault_timezone = UTC\n[default]\ndefault_calendar = default\n");
    return file;
  }

  private static Path khardConfig(Path dir, Path book) throws IOException {
    Path file = dir.resolve("khard.conf");
    Files.writeString(
        file,
        "[addressbooks]\n[[default]]\npath = " + book + "/\n[general]\n"
            + "default_action = list\neditor = /bin/true\nmerge_editor = /bin/true\n");
    return file;
  }

  private static void vdirsyncer(Path config, String command) throws Exception {
    var env = new ArrayList<>(List.of("vdirsyncer", "-c", config.toString(), command));
    run(env, command.equals("discover") ? "y\n".repeat(8) : null);
  }

  /** Runs a command to its end, within two minutes; fails unless it exits 0. */
  private static List<String> run(List<String> command, String stdin) throws Exception {
    var builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("HOME", temp.toString());
    builder.environment().put("LC_ALL", "C.UTF-8");
    Process p = builder.start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not end: " + out);
    }
    assertThat(p.exitValue()).as(command + " printed:\n" + out).isZero();
    return out.lines().toList();
  }
}
