package org.nymote.mail.imap.command;

import java.util.List;
import java.util.Optional;

/** A FETCH data item (RFC 3501 6.4.5, RFC 7162, RFC 3516). */
public sealed interface FetchItem {
  record Flags() implements FetchItem {}

  record Uid() implements FetchItem {}

  record InternalDate() implements FetchItem {}

  record Size() implements FetchItem {}

  record Envelope() implements FetchItem {}

  /** BODYSTRUCTURE ({@code extensible}) or BODY without a section. */
  record Structure(boolean extensible) implements FetchItem {}

  record Modseq() implements FetchItem {}

  /**
   * BODY[section]&lt;partial&gt;, BODY.PEEK[...] and the RFC822 forms ({@code label} is then
   * {@code RFC822}, {@code RFC822.HEADER} or {@code RFC822.TEXT}, else empty). {@code part} is
   * the part number ({@code 1.2}, empty for the whole message); {@code text} is {@code ""},
   * {@code HEADER}, {@code TEXT}, {@code MIME}, {@code HEADER.FIELDS} or {@code
   * HEADER.FIELDS.NOT} with {@code fields}.
   */
  record Section(
      boolean peek,
      List<Integer> part,
      String text,
      List<String> fields,
      Optional<Partial> partial,
      Optional<String> label)
      implements FetchItem {
    public Section {
      part = List.copyOf(part);
      fields = List.copyOf(fields);
    }
  }

  /**
   * BINARY[part]&lt;partial&gt; and BINARY.PEEK (RFC 3516): the part's body with its transfer
   * encoding undone; an empty part is the whole message.
   */
  record Binary(boolean peek, List<Integer> part, Optional<Partial> partial) implements FetchItem {
    public Binary {
      part = List.copyOf(part);
    }
  }

  /** BINARY.SIZE[part] (RFC 3516): the size of what BINARY[part] returns. */
  record BinarySize(List<Integer> part) implements FetchItem {
    public BinarySize {
      part = List.copyOf(part);
    }
  }

  record Partial(long start, long length) {}
}
