package org.nymote.mail.imap.session;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.field.DateTimeField;
import org.nymote.mail.imap.command.SearchKey;
import org.nymote.mail.mime.HeaderField;
import org.nymote.mail.mime.MimePart;
import org.nymote.mail.mime.MimeText;
import org.nymote.mail.search.TextSearch;
import org.nymote.mail.store.MessageEntry;

/**
 * Evaluates search keys (RFC 3501 6.4.4) on one message: flags, dates, sizes and UIDs from the
 * entry; headers and text from the parsed message, loaded only when a key needs it. Matching is
 * case-insensitive substring matching on decoded header values; BODY and TEXT use the full-text
 * index when one is given (see {@link TextSearch}).
 */
final class Searcher {
  private final Function<MessageEntry, MimePart> messages;
  private final TextSearch index;
  private final List<MessageEntry> view;
  private final long maxSeq;
  private final long maxUid;
  /** The index's answer per BODY/TEXT key, asked once per search, not once per message. */
  private final Map<String, Optional<Set<String>>> indexed = new HashMap<>();

  /** A searcher over {@code view}, the messages in sequence order (1-based) that it will test. */
  Searcher(
      Function<MessageEntry, MimePart> messages,
      TextSearch index,
      List<MessageEntry> view,
      long maxUid) {
    this.messages = messages;
    this.index = index;
    this.view = view;
    this.maxSeq = view.size();
    this.maxUid = maxUid;
  }

  boolean matches(SearchKey key, int seq, MessageEntry e) {
    return switch (key) {
      case SearchKey.All a -> true;
      case SearchKey.None n -> false;
      case SearchKey.Flag f -> e.flags().contains(f.flag()) == f.set();
      case SearchKey.Header h -> header(fields(e), h.field(), h.value());
      case SearchKey.Text t -> text(e, t.value(), t.wholeMessage());
      case SearchKey.Date d -> date(d, e);
      case SearchKey.Size s -> s.larger() ? e.size() > s.bytes() : e.size() < s.bytes();
      case SearchKey.Uids u -> u.set().contains(e.uid(), maxUid);
      case SearchKey.Sequence q -> q.set().contains(seq, maxSeq);
      case SearchKey.Not n -> !matches(n.key(), seq, e);
      case SearchKey.Or o -> matches(o.a(), seq, e) || matches(o.b(), seq, e);
      case SearchKey.And a -> a.keys().stream().allMatch(k -> matches(k, seq, e));
      case SearchKey.Modseq m -> e.modseq() >= m.modseq();
      case SearchKey.Age a -> {
        Instant cut = Instant.now().minusSeconds(a.seconds());
        yield a.younger() ? !e.internalDate().isBefore(cut) : e.internalDate().isBefore(cut);
      }
    };
  }

  private boolean text(MessageEntry e, String value, boolean whole) {
    if (index != null) {
      Optional<Set<String>> hits = indexed.computeIfAbsent(
          (whole ? "text\0" : "body\0") + value,
          k -> index.matching(
              value, whole, view.stream().map(MessageEntry::message).toList()));
      if (hits.isPresent()) {
        return hits.get().contains(e.message());
      }
    }
    MimePart m = messages.apply(e);
    String needle = value.toLowerCase(Locale.ROOT);
    if (whole && headersContain(m, needle)) {
      return true;
    }
    return bodyContains(m, needle);
  }

  private static boolean headersContain(MimePart m, String needle) {
    return m.fields().stream()
        .anyMatch(f -> decode(f.value()).toLowerCase(Locale.ROOT).contains(needle)
            || f.name().toLowerCase(Locale.ROOT).contains(needle));
  }

  private static boolean bodyContains(MimePart m, String needle) {
    if (m.isMultipart()) {
      return m.children().stream().anyMatch(c -> bodyContains(c, needle));
    }
    if (m.message().isPresent()) {
      return headersContain(m.message().get(), needle)
          || bodyContains(m.message().get(), needle);
    }
    return MimeText.decodedBody(m).toLowerCase(Locale.ROOT).contains(needle);
  }

  /** The message's top-level header fields: kept by the index, else from the parsed message. */
  private List<HeaderField> fields(MessageEntry e) {
    if (index != null) {
      Optional<List<HeaderField>> kept = index.headers(e.message());
      if (kept.isPresent()) {
        return kept.get();
      }
    }
    return messages.apply(e).fields();
  }

  static boolean header(List<HeaderField> fields, String field, String value) {
    String needle = value.toLowerCase(Locale.ROOT);
    return fields.stream()
        .filter(f -> f.name().equalsIgnoreCase(field))
        .anyMatch(f -> needle.isEmpty()
            || decode(f.value()).toLowerCase(Locale.ROOT).contains(needle)
            || f.value().toLowerCase(Locale.ROOT).contains(needle));
  }

  static String decode(String raw) {
    try {
      return DecoderUtil.decodeEncodedWords(raw, DecodeMonitor.SILENT);
    } catch (RuntimeException e) {
      return raw;
    }
  }

  private boolean date(SearchKey.Date d, MessageEntry e) {
    LocalDate day;
    if (d.sent()) {
      Optional<Instant> sent = sentDate(messages.apply(e));
      if (sent.isEmpty()) {
        return false;
      }
      day = sent.get().atOffset(ZoneOffset.UTC).toLocalDate();
    } else {
      day = e.internalDate().atOffset(ZoneOffset.UTC).toLocalDate();
    }
    return switch (d.compare()) {
      case BEFORE -> day.isBefore(d.date());
      case ON -> day.isEqual(d.date());
      case SINCE -> !day.isBefore(d.date());
    };
  }

  static Optional<Instant> sentDate(MimePart m) {
    return m.parsed("Date")
        .filter(f -> f instanceof DateTimeField)
        .map(f -> ((DateTimeField) f).getDate())
        .map(java.util.Date::toInstant);
  }
}
