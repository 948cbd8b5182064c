package org.nymote.server.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nymote.server.NymoteProcess;

/**
 * {@code nymote dav import|export}: through the running serve, and straight into the store when no
 * serve runs; a file is split one resource per UID with the time zones it uses, progress is shown,
 * invalid objects are refused one by one.
 */
class DavImportExportTest {
  static final String ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
      + "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
      + "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
      + "BEGIN:VEVENT\r\nUID:first\r\nDTSTAMP:20260101T000000Z\r\n"
      + "DTSTART;TZID=Europe/Berlin:20260105T100000\r\nSUMMARY:First\r\nEND:VEVENT\r\n"
      + "BEGIN:VEVENT\r\nUID:second\r\nDTSTAMP:20260101T000000Z\r\n"
      + "DTSTART:20260106T100000Z\r\nSUMMARY:Second\r\nEND:VEVENT\r\n"
      + "BEGIN:VEVENT\r\nSUMMARY:no uid\r\nDTSTART:20260106T100000Z\r\nEND:VEVENT\r\n"
      + "END:VCALENDAR\r\n";

  @TempDir
  static Path temp;

  static NymoteProcess nymote;
  static Path home;

  @BeforeAll
  static void start() throws Exception {
    home = temp.resolve("home");
    nymote = NymoteProcess.serve(home, "--user", "alice");
    Files.writeString(temp.resolve("cal.ics"), ICS);
    Files.writeString(
        temp.resolve("book.vcf"),
        DavClient.card("c1", "Cee One", "") + DavClient.card("c2", "Cee Two", ""));
  }

  @AfterAll
  static void stop() throws Exception {
    nymote.close();
  }

  @Test
  void importThroughTheRunningServeSplitsByUidAndExportGivesItBack() throws Exception {
    var imported = NymoteProcess.run(
        home,
        "",
        "dav",
        "import",
        "--user",
        "alice",
        temp.resolve("cal.ics").toString(),
        temp.resolve("book.vcf").toString());

    assertThat(imported.stdout()).contains("imported 4, refused 1");
    assertThat(imported.exitCode()).isEqualTo(1);
    assertThat(imported.stderr()).contains("cal.ics: 3/3", "book.vcf: 2/2", "valid-calendar-data");
    var alice = new DavClient(nymote.port("http"), "alice", nymote.password().orElseThrow());
    var first = alice.send("GET", "/dav/alice/calendars/default/first.ics", null);
    assertThat(first.body()).contains("SUMMARY:First", "TZID:Europe/Berlin");
    assertThat(
            alice.send("GET", "/dav/alice/calendars/default/second.ics", null).body())
        .contains("SUMMARY:Second")
        .doesNotContain("VTIMEZONE");

    var cal = NymoteProcess.run(home, "", "dav", "export", "--user", "alice");
    var book = NymoteProcess.run(home, "", "dav", "export", "--user", "alice", "--contacts");
    assertThat(cal.exitCode()).as(cal.stderr()).isZero();
    assertThat(cal.stdout()).contains("UID:first", "UID:second", "BEGIN:VTIMEZONE");
    assertThat(cal.stdout().split("BEGIN:VTIMEZONE", -1)).hasSize(2);
    assertThat(book.stdout()).contains("FN:Cee One", "FN:Cee Two");
  }

  @Test
  void importWithoutAServeWritesTheStoreItself() throws Exception {
    Path offline = temp.resolve("offline");
    try (var once = NymoteProcess.serve(offline, "--user", "bob")) {
      assertThat(once.port("http")).isPositive();
    }

    var imported = NymoteProcess.run(
        offline, "", "dav", "import", "--user", "bob", temp.resolve("book.vcf").toString());
    var exported = NymoteProcess.run(offline, "", "dav", "export", "--user", "bob", "--contacts");

    assertThat(imported.stdout()).contains("imported 2, refused 0");
    assertThat(exported.stdout()).contains("FN:Cee One", "FN:Cee Two");
  }
}
