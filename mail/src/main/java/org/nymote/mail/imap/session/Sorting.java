package org.nymote.mail.imap.session;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.nymote.mail.imap.command.ImapCommand.SortKey;
import org.nymote.mail.mime.MimePart;
import org.nymote.mail.store.MessageEntry;

/** SORT criteria (RFC 5256 3) as comparators of sequence numbers; ties go by sequence number. */
final class Sorting {
  private Sorting() {}

  static Comparator<Integer> comparator(
      List<SortKey> criteria, Selected sel, Function<MessageEntry, MimePart> parse) {
    Comparator<Integer> c = null;
    for (SortKey k : criteria) {
      Comparator<Integer> one = one(k.criterion(), sel, parse);
      if (k.reverse()) {
        one = one.reversed();
      }
      c = c == null ? one : c.thenComparing(one);
    }
    return c.thenComparing(Comparator.naturalOrder());
  }

  private static Comparator<Integer> one(
      String criterion, Selected sel, Function<MessageEntry, MimePart> parse) {
    return switch (criterion) {
      case "ARRIVAL" -> Comparator.comparing(i -> sel.at(i).internalDate());
      case "SIZE" -> Comparator.comparingLong(i -> sel.at(i).size());
      case "DATE" -> Comparator.comparing(i -> sentOrArrival(sel.at(i), parse));
      case "SUBJECT" ->
        Comparator.comparing(
            i -> baseSubject(parse.apply(sel.at(i)).field("Subject").orElse("")));
      case "FROM", "DISPLAYFROM" ->
        Comparator.comparing(i -> firstMailbox(parse.apply(sel.at(i)), "From"));
      case "TO", "DISPLAYTO" ->
        Comparator.comparing(i -> firstMailbox(parse.apply(sel.at(i)), "To"));
      case "CC" -> Comparator.comparing(i -> firstMailbox(parse.apply(sel.at(i)), "Cc"));
      default -> throw new IllegalArgumentException("unparsed sort criterion " + criterion);
    };
  }

  static Instant sentOrArrival(MessageEntry e, Function<MessageEntry, MimePart> parse) {
    return Searcher.sentDate(parse.apply(e)).orElse(e.internalDate());
  }

  /** The base subject (RFC 5256 2.1), lower case. */
  static String baseSubject(String raw) {
    return BaseSubject.of(raw).base();
  }

  private static String firstMailbox(MimePart m, String field) {
    try {
      AddressList list =
          LenientAddressParser.DEFAULT.parseAddressList(m.field(field).orElse(""));
      for (var a : list.flatten()) {
        Mailbox mb = a;
        return mb.getLocalPart() == null ? "" : mb.getLocalPart().toLowerCase(Locale.ROOT);
      }
    } catch (RuntimeException e) {
      // unparsable: sorts first
    }
    return "";
  }
}
