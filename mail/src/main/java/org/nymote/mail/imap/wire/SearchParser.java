package org.nymote.mail.imap.wire;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.nymote.mail.imap.command.ImapCommand;
import org.nymote.mail.imap.command.SearchKey;

/**
 * SEARCH (RFC 3501 6.4.4, ESEARCH RFC 4731, MODSEQ RFC 7162, WITHIN RFC 5032), SORT and THREAD
 * (RFC 5256) arguments. Nesting is bounded by {@link Limits#maxNesting}.
 */
final class SearchParser {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("d-MMM-yyyy", Locale.ROOT);
  private static final Set<String> SORT_KEYS =
      Set.of("ARRIVAL", "CC", "DATE", "FROM", "SIZE", "SUBJECT", "TO", "DISPLAYFROM", "DISPLAYTO");

  private final Limits limits;
  private int depth;

  SearchParser(Limits limits) {
    this.limits = limits;
  }

  ImapCommand.Search search(String tag, boolean uid, Cursor c) throws ImapException {
    c.sp();
    Optional<Set<String>> returns = Optional.empty();
    if (peekWord(c, "RETURN")) {
      c.atom();
      c.sp();
      c.expect('(');
      Set<String> r = new LinkedHashSet<>();
      while (!c.take(')')) {
        c.take(' ');
        String opt = c.atom().toUpperCase(Locale.ROOT);
        if (!Set.of("MIN", "MAX", "ALL", "COUNT", "SAVE").contains(opt)) {
          throw ImapException.bad("unknown SEARCH return option " + opt);
        }
        r.add(opt);
      }
      returns = Optional.of(r);
      c.sp();
    }
    charset(c);
    return new ImapCommand.Search(tag, uid, keys(c), returns);
  }

  ImapCommand.Sort sort(String tag, boolean uid, Cursor c) throws ImapException {
    c.sp();
    c.expect('(');
    List<ImapCommand.SortKey> criteria = new ArrayList<>();
    boolean reverse = false;
    while (!c.take(')')) {
      c.take(' ');
      String k = c.atom().toUpperCase(Locale.ROOT);
      if (k.equals("REVERSE")) {
        reverse = true;
        continue;
      }
      if (!SORT_KEYS.contains(k)) {
        throw ImapException.bad("unknown sort criterion " + k);
      }
      criteria.add(new ImapCommand.SortKey(k, reverse));
      reverse = false;
    }
    if (criteria.isEmpty()) {
      throw ImapException.bad("SORT needs a criterion");
    }
    c.sp();
    requireCharset(c);
    return new ImapCommand.Sort(tag, uid, criteria, keys(c));
  }

  ImapCommand.ThreadMessages thread(String tag, boolean uid, Cursor c) throws ImapException {
    c.sp();
    String algorithm = c.atom().toUpperCase(Locale.ROOT);
    if (!algorithm.equals("REFERENCES") && !algorithm.equals("ORDEREDSUBJECT")) {
      throw ImapException.bad("unknown THREAD algorithm " + algorithm);
    }
    c.sp();
    requireCharset(c);
    return new ImapCommand.ThreadMessages(tag, uid, algorithm, keys(c));
  }

  private void charset(Cursor c) throws ImapException {
    if (peekWord(c, "CHARSET")) {
      c.atom();
      c.sp();
      checkCharset(new String(c.astring(""), StandardCharsets.US_ASCII));
      c.sp();
    }
  }

  private void requireCharset(Cursor c) throws ImapException {
    checkCharset(new String(c.astring(""), StandardCharsets.US_ASCII));
    c.sp();
  }

  private static void checkCharset(String cs) throws ImapException {
    String u = cs.toUpperCase(Locale.ROOT);
    if (!u.equals("UTF-8") && !u.equals("US-ASCII")) {
      throw ImapException.no("BADCHARSET (UTF-8 US-ASCII)", "unsupported charset " + cs);
    }
  }

  private static boolean peekWord(Cursor c, String word) {
    int p = c.peek();
    return p == word.charAt(0) || p == Character.toLowerCase(word.charAt(0))
        ? c.where().toUpperCase(Locale.ROOT).startsWith("'" + word + " ")
        : false;
  }

  private SearchKey keys(Cursor c) throws ImapException {
    List<SearchKey> keys = new ArrayList<>();
    keys.add(key(c));
    while (c.take(' ')) {
      keys.add(key(c));
    }
    return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
  }

  private SearchKey key(Cursor c) throws ImapException {
    if (c.take('(')) {
      if (++depth > limits.maxNesting()) {
        throw ImapException.bad("search keys nested too deeply");
      }
      List<SearchKey> keys = new ArrayList<>();
      keys.add(key(c));
      while (c.take(' ')) {
        keys.add(key(c));
      }
      c.expect(')');
      depth--;
      return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
    }
    int p = c.peek();
    if ((p >= '0' && p <= '9') || p == '*' || p == '$') {
      return new SearchKey.Sequence(Parser.sequenceSet(c));
    }
    String k = c.atom().toUpperCase(Locale.ROOT);
    return switch (k) {
      case "ALL" -> new SearchKey.All();
      case "ANSWERED", "DELETED", "DRAFT", "FLAGGED", "SEEN" ->
        new SearchKey.Flag("\\" + cap(k), true);
      case "UNANSWERED", "UNDELETED", "UNDRAFT", "UNFLAGGED", "UNSEEN" ->
        new SearchKey.Flag("\\" + cap(k.substring(2)), false);
      case "KEYWORD" -> new SearchKey.Flag(sp(c).atom(), true);
      case "UNKEYWORD" -> new SearchKey.Flag(sp(c).atom(), false);
      case "NEW", "RECENT" -> new SearchKey.None();
      case "OLD" -> new SearchKey.All();
      case "FROM", "TO", "CC", "BCC", "SUBJECT" -> new SearchKey.Header(k, text(sp(c)));
      case "HEADER" -> {
        String field = text(sp(c));
        yield new SearchKey.Header(field.toUpperCase(Locale.ROOT), text(sp(c)));
      }
      case "BODY" -> new SearchKey.Text(text(sp(c)), false);
      case "TEXT" -> new SearchKey.Text(text(sp(c)), true);
      case "BEFORE" -> new SearchKey.Date(SearchKey.Compare.BEFORE, date(sp(c)), false);
      case "ON" -> new SearchKey.Date(SearchKey.Compare.ON, date(sp(c)), false);
      case "SINCE" -> new SearchKey.Date(SearchKey.Compare.SINCE, date(sp(c)), false);
      case "SENTBEFORE" -> new SearchKey.Date(SearchKey.Compare.BEFORE, date(sp(c)), true);
      case "SENTON" -> new SearchKey.Date(SearchKey.Compare.ON, date(sp(c)), true);
      case "SENTSINCE" -> new SearchKey.Date(SearchKey.Compare.SINCE, date(sp(c)), true);
      case "LARGER" -> new SearchKey.Size(true, sp(c).number());
      case "SMALLER" -> new SearchKey.Size(false, sp(c).number());
      case "UID" -> new SearchKey.Uids(Parser.sequenceSet(sp(c)));
      case "NOT" -> {
        if (++depth > limits.maxNesting()) {
          throw ImapException.bad("search keys nested too deeply");
        }
        SearchKey inner = key(sp(c));
        depth--;
        yield new SearchKey.Not(inner);
      }
      case "OR" -> {
        if (++depth > limits.maxNesting()) {
          throw ImapException.bad("search keys nested too deeply");
        }
        SearchKey a = key(sp(c));
        SearchKey b = key(sp(c));
        depth--;
        yield new SearchKey.Or(a, b);
      }
      case "MODSEQ" -> modseq(sp(c));
      case "YOUNGER" -> new SearchKey.Age(true, sp(c).number());
      case "OLDER" -> new SearchKey.Age(false, sp(c).number());
      default -> throw ImapException.bad("unknown search key " + k);
    };
  }

  private static SearchKey modseq(Cursor c) throws ImapException {
    if (c.peek() == '"') {
      c.string(); // entry name
      c.sp();
      c.atom(); // entry type
      c.sp();
    }
    return new SearchKey.Modseq(c.number());
  }

  private static Cursor sp(Cursor c) throws ImapException {
    c.sp();
    return c;
  }

  private static String cap(String s) {
    return s.charAt(0) + s.substring(1).toLowerCase(Locale.ROOT);
  }

  private static String text(Cursor c) throws ImapException {
    return new String(c.astring(""), StandardCharsets.UTF_8);
  }

  private static LocalDate date(Cursor c) throws ImapException {
    String s = c.peek() == '"' ? new String(c.string(), StandardCharsets.US_ASCII) : c.atom();
    try {
      return LocalDate.parse(s, DATE);
    } catch (DateTimeParseException e) {
      throw ImapException.bad("invalid date '" + s + "'");
    }
  }
}
