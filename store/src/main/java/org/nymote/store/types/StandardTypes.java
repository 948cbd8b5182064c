package org.nymote.store.types;

import org.nymote.store.Schema;

/**
 * The mergeable types by name: a value whose name ends in {@code .counter}, {@code .lww}, {@code
 * .orset}, {@code .log} or {@code .json} anywhere in a tree is a {@link Counter}, a {@link Lww} of
 * text, an {@link OrSet} of text, an {@link AppendLog} of text or a {@link JsonRecord}. Modules put
 * their own rules first; these catch what they leave.
 */
public final class StandardTypes {
  private StandardTypes() {}

  /** Adds the rules for the standard types to {@code b}. */
  public static Schema.Builder addTo(Schema.Builder b) {
    return b.rule("**/*.counter", Counter.CONTENTS)
        .rule("**/*.lww", Lww.contents(TextCodec.strings()))
        .rule("**/*.orset", OrSet.contents(TextCodec.strings()))
        .rule("**/*.log", AppendLog.contents(TextCodec.strings()))
        .rule("**/*.json", JsonRecord.CONTENTS);
  }

  /** A schema of the standard types alone. */
  public static Schema schema() {
    return addTo(Schema.builder()).build();
  }
}
