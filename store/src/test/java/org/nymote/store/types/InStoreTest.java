package org.nymote.store.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nymote.store.Branch;
import org.nymote.store.Commit;
import org.nymote.store.Contents;
import org.nymote.store.Info;
import org.nymote.store.MergeResult;
import org.nymote.store.Path;
import org.nymote.store.Repo;
import org.nymote.store.Schema;

/** The types as the store uses them: two branches diverge from one commit and merge by schema. */
class InStoreTest {
  private static final Contents<OrSet<String>> FLAGS = OrSet.contents(TextCodec.strings());
  private static final Contents<AppendLog<String>> LOG = AppendLog.contents(TextCodec.strings());
  private static final Contents<Lww<String>> TITLE = Lww.contents(TextCodec.strings());
  private static final Schema SCHEMA = Schema.builder()
      .rule("counters/*", Counter.CONTENTS)
      .rule("flags/*", FLAGS)
      .rule("log/*", LOG)
      .rule("titles/*", TITLE)
      .rule("cards/*", JsonRecord.CONTENTS)
      .build();

  private final HybridClock laptop = new HybridClock("laptop", () -> Instant.ofEpochMilli(1_000));
  private final HybridClock phone = new HybridClock("phone", () -> Instant.ofEpochMilli(2_000));

  private static Info info(String message) {
    return Info.now("test", message);
  }

  @Test
  void divergentBranchesMergeEveryTypeWithoutConflict() {
    Path n = Path.parse("counters/n");
    Path seen = Path.parse("flags/1");
    Path log = Path.parse("log/inbox");
    Path title = Path.parse("titles/doc");
    Path card = Path.parse("cards/ada");
    try (Repo repo = Repo.inMemory(SCHEMA)) {
      Branch ours = repo.branch("laptop");
      Commit base = ours.update(
          info("base"),
          t -> t.with(n, Counter.CONTENTS, 5L)
              .with(seen, FLAGS, OrSet.<String>empty().add("\\Seen", laptop))
              .with(log, LOG, AppendLog.<String>empty().append("e0", "created", laptop))
              .with(title, TITLE, Lww.of("Draft", laptop))
              .with(
                  card,
                  JsonRecord.CONTENTS,
                  JsonRecord.parse(
                      "{\"name\": \"Ada\", \"address\": {\"city\": \"London\", \"zip\": \"N1\"}}")));
      Branch theirs = repo.branch("phone");
      theirs.compareAndSet(Optional.empty(), base.id());

      ours.update(
          info("laptop edits"),
          t -> t.with(n, Counter.CONTENTS, 6L)
              .with(seen, FLAGS, t.find(seen, FLAGS).orElseThrow().remove("\\Seen"))
              .with(log, LOG, t.find(log, LOG).orElseThrow().append("e1", "read", laptop))
              .with(
                  card,
                  JsonRecord.CONTENTS,
                  JsonRecord.parse(
                      "{\"name\": \"Ada\", \"address\": {\"city\": \"Paris\", \"zip\": \"N1\"}}")));
      theirs.update(
          info("phone edits"),
          t -> t.with(n, Counter.CONTENTS, 6L)
              .with(seen, FLAGS, t.find(seen, FLAGS).orElseThrow().add("\\Seen", phone))
              .with(log, LOG, t.find(log, LOG).orElseThrow().append("e2", "flagged", phone))
              .with(title, TITLE, t.find(title, TITLE).orElseThrow().set("Final", phone))
              .with(
                  card,
                  JsonRecord.CONTENTS,
                  JsonRecord.parse(
                      "{\"name\": \"Ada\", \"address\": {\"city\": \"London\", \"zip\": \"75001\"}}")));

      MergeResult merged = ours.merge(theirs, info("merge"));

      assertThat(merged.conflicts()).isEmpty();
      var tree = ours.tree();
      assertThat(tree.find(n, Counter.CONTENTS)).contains(7L);
      assertThat(tree.find(seen, FLAGS).orElseThrow().elements()).containsExactly("\\Seen");
      assertThat(tree.find(log, LOG).orElseThrow().entries())
          .extracting(AppendLog.Entry::payload)
          .containsExactly("created", "read", "flagged");
      assertThat(tree.find(title, TITLE).orElseThrow().value()).isEqualTo("Final");
      assertThat(tree.find(card, JsonRecord.CONTENTS))
          .contains(JsonRecord.parse(
              "{\"name\": \"Ada\", \"address\": {\"city\": \"Paris\", \"zip\": \"75001\"}}"));
    }
  }
}
