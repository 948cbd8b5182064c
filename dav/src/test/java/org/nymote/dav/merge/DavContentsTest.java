package org.nymote.dav.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nymote.store.Info;
import org.nymote.store.Merged;
import org.nymote.store.Path;
import org.nymote.store.Repo;
import org.nymote.store.Schema;
import org.nymote.store.Tree;

class DavContentsTest {
  static final String BASE_CARD = card("FN:Ann\r\nEMAIL:ann@a.org\r\nTEL:1\r\n");

  static String card(String body) {
    return "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:ann\r\n" + body + "END:VCARD\r\n";
  }

  static String event(String body) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:e\r\n" + body
        + "END:VEVENT\r\nEND:VCALENDAR\r\n";
  }

  static Merged<byte[]> vcard(String base, String ours, String theirs) {
    return DavContents.VCARD.merge(
        () -> Optional.ofNullable(base).map(DavContentsTest::bytes), bytes(ours), bytes(theirs));
  }

  static Merged<byte[]> ical(String base, String ours, String theirs) {
    return DavContents.ICALENDAR.merge(
        () -> Optional.ofNullable(base).map(DavContentsTest::bytes), bytes(ours), bytes(theirs));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(Merged<byte[]> m) {
    assertThat(m).isInstanceOf(Merged.Ok.class);
    return new String(((Merged.Ok<byte[]>) m).value(), StandardCharsets.UTF_8);
  }

  @Test
  void vcardEditsOfDifferentPropertiesBothSurvive() {
    String ours = card("FN:Ann Smith\r\nEMAIL:ann@a.org\r\nTEL:1\r\n");
    String theirs = card("FN:Ann\r\nEMAIL:ann@a.org\r\nTEL:2\r\n");

    String merged = text(vcard(BASE_CARD, ours, theirs));

    assertThat(merged).contains("FN:Ann Smith", "TEL:2").doesNotContain("TEL:1");
  }

  @Test
  void repeatedPropertiesMergeAsSets() {
    String ours = card("FN:Ann\r\nEMAIL:ann@a.org\r\nEMAIL:ann@b.org\r\nTEL:1\r\n");
    String theirs = card("FN:Ann\r\nEMAIL:ann@c.org\r\nTEL:1\r\n");

    String merged = text(vcard(BASE_CARD, ours, theirs));

    assertThat(merged)
        .contains("EMAIL:ann@b.org", "EMAIL:ann@c.org")
        .doesNotContain("EMAIL:ann@a.org");
  }

  @Test
  void oneValueChangedTwoWaysIsAConflict() {
    var m = vcard(
        BASE_CARD,
        card("FN:Ann A\r\nEMAIL:ann@a.org\r\nTEL:1\r\n"),
        card("FN:Ann B\r\nEMAIL:ann@a.org\r\nTEL:1\r\n"));

    assertThat(m).isInstanceOf(Merged.Conflict.class);
  }

  @Test
  void revisionTimestampsTakeTheLaterInsteadOfConflicting() {
    String base = card("FN:Ann\r\nREV:20260101T000000Z\r\nTEL:1\r\nNOTE:x\r\n");
    String ours = card("FN:Ann\r\nREV:20260102T000000Z\r\nTEL:2\r\nNOTE:x\r\n");
    String theirs = card("FN:Ann\r\nREV:20260103T000000Z\r\nTEL:1\r\nNOTE:y\r\n");

    assertThat(text(vcard(base, ours, theirs))).contains("REV:20260103T000000Z", "TEL:2", "NOTE:y");
  }

  @Test
  void theEventWithTheHigherSequenceWinsAValueChangedBothWays() {
    String base = event("SEQUENCE:0\r\nDTSTART:20260101T100000Z\r\nSUMMARY:a\r\n");
    String ours = event("SEQUENCE:1\r\nDTSTART:20260101T120000Z\r\nSUMMARY:a\r\n");
    String theirs = event("SEQUENCE:0\r\nDTSTART:20260101T110000Z\r\nSUMMARY:b\r\n");

    String merged = text(ical(base, ours, theirs));

    assertThat(merged).contains("SEQUENCE:1", "DTSTART:20260101T120000Z", "SUMMARY:b");
    assertThat(text(ical(base, theirs, ours)))
        .contains("SEQUENCE:1", "DTSTART:20260101T120000Z", "SUMMARY:b");
  }

  @Test
  void overridesAddedOnEachSideAreBothKept() {
    String base = event("DTSTART:20260101T100000Z\r\nRRULE:FREQ=DAILY\r\n");
    String override = "END:VEVENT\r\nBEGIN:VEVENT\r\nUID:e\r\nRECURRENCE-ID:2026010%dT100000Z\r\n"
        + "DTSTART:2026010%dT150000Z\r\n";
    String ours =
        event("DTSTART:20260101T100000Z\r\nRRULE:FREQ=DAILY\r\n" + override.formatted(2, 2));
    String theirs =
        event("DTSTART:20260101T100000Z\r\nRRULE:FREQ=DAILY\r\n" + override.formatted(3, 3));

    assertThat(text(ical(base, ours, theirs)))
        .contains("RECURRENCE-ID:20260102T100000Z", "RECURRENCE-ID:20260103T100000Z");
  }

  @Test
  void aSyncOfConflictingEditsKeepsBothAsResources() {
    Schema schema = DavContents.rules(Schema.builder()).build();
    Repo repo = Repo.inMemory(schema);
    Path path = Path.of("contacts", "default", "ann.vcf");
    var main = repo.branch("main");
    main.update(Info.now("a", "base"), t -> t.with(path, bytes(BASE_CARD)));
    var other = repo.branch("other");
    other.compareAndSet(Optional.empty(), main.head().orElseThrow().id());
    main.update(Info.now("a", "a"), t -> t.with(path, bytes(card("FN:Ann A\r\n"))));
    other.update(Info.now("b", "b"), t -> t.with(path, bytes(card("FN:Ann B\r\n"))));

    main.mergeKeepingBoth(other.head().orElseThrow().id(), Info.now("a", "sync"));

    Tree tree = main.tree();
    var names = tree.list(Path.of("contacts", "default"));
    assertThat(names).hasSize(2);
    var all = new StringBuilder();
    for (String n : names) {
      all.append(new String(tree.get(Path.of("contacts", "default", n)), StandardCharsets.UTF_8));
    }
    assertThat(all.toString()).contains("FN:Ann A", "FN:Ann B");
  }
}
