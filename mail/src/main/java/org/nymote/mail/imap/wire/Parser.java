package org.nymote.mail.imap.wire;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.nymote.mail.imap.command.ImapCommand;
import org.nymote.mail.imap.command.ImapCommand.*;
import org.nymote.mail.imap.command.SequenceSet;

/**
 * Parses one command's bytes (from {@link CommandReader}) into an {@link ImapCommand}: pure, no
 * I/O, no storage. Grammar: RFC 3501 9, with RFC 4315, 4731, 5161, 5256, 5258, 5819, 6154, 6851,
 * 7162, 4978, 2971, 7888, 3516, 5182, and RFC 9051's UTF-8 mailbox names. Errors are BAD {@link ImapException}s with a clear text.
 */
public final class Parser {
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("d-MMM-yyyy HH:mm:ss Z", Locale.ROOT);

  private final Limits limits;
  private boolean utf8Names;

  public Parser(Limits limits) {
    this.limits = limits;
  }

  /** Whether {@code s} is a valid tag (RFC 3501: astring chars but '+'). */
  public static boolean isTag(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> (Cursor.isAtomChar(c) || c == ']') && c != '+');
  }

  /** The tag of a command's bytes, for errors before it parses; "*" if there is none. */
  public static String tagOf(byte[] command) {
    String s = new String(command, 0, Math.min(command.length, 200), StandardCharsets.ISO_8859_1);
    int sp = s.indexOf(' ');
    String tag = sp < 0 ? s : s.substring(0, sp);
    return isTag(tag) ? tag : "*";
  }

  public ImapCommand parse(byte[] bytes) throws ImapException {
    Cursor c = new Cursor(bytes);
    String tag = c.atom("]");
    if (!isTag(tag)) {
      throw ImapException.bad("invalid tag");
    }
    c.sp();
    String name = c.atom().toUpperCase(Locale.ROOT);
    ImapCommand cmd;
    if (name.equals("UID")) {
      c.sp();
      cmd = uidCommand(tag, c.atom().toUpperCase(Locale.ROOT), c);
    } else {
      cmd = command(tag, name, c);
    }
    c.end();
    return cmd;
  }

  private ImapCommand command(String tag, String name, Cursor c) throws ImapException {
    return switch (name) {
      case "CAPABILITY" -> new Capability(tag);
      case "NOOP" -> new Noop(tag);
      case "LOGOUT" -> new Logout(tag);
      case "STARTTLS" -> new StartTls(tag);
      case "CHECK" -> new Check(tag);
      case "CLOSE" -> new Close(tag);
      case "UNSELECT" -> new Unselect(tag);
      case "IDLE" -> new Idle(tag);
      case "NAMESPACE" -> new Namespace(tag);
      case "EXPUNGE" -> new Expunge(tag, Optional.empty());
      case "AUTHENTICATE" -> authenticate(tag, c);
      case "LOGIN" -> login(tag, c);
      case "ENABLE" -> enable(tag, c);
      case "ID" -> id(tag, c);
      case "SELECT", "EXAMINE" -> select(tag, name.equals("EXAMINE"), c);
      case "CREATE" -> create(tag, c);
      case "DELETE" -> new Delete(tag, spMailbox(c));
      case "RENAME" -> new Rename(tag, spMailbox(c), spMailbox(c));
      case "SUBSCRIBE" -> new Subscribe(tag, spMailbox(c), true);
      case "UNSUBSCRIBE" -> new Subscribe(tag, spMailbox(c), false);
      case "LIST" -> list(tag, c, false);
      case "LSUB" -> list(tag, c, true);
      case "STATUS" -> status(tag, c);
      case "APPEND" -> append(tag, c);
      case "COMPRESS" -> {
        c.sp();
        yield new Compress(tag, c.atom().toUpperCase(Locale.ROOT));
      }
      case "SEARCH", "FETCH", "STORE", "COPY", "MOVE", "SORT", "THREAD" ->
        uidCommand(tag, name, c, false);
      default -> throw ImapException.bad("unknown command " + name);
    };
  }

  private ImapCommand uidCommand(String tag, String name, Cursor c) throws ImapException {
    if (name.equals("EXPUNGE")) {
      c.sp();
      return new Expunge(tag, Optional.of(sequenceSet(c)));
    }
    return uidCommand(tag, name, c, true);
  }

  private ImapCommand uidCommand(String tag, String name, Cursor c, boolean uid)
      throws ImapException {
    return switch (name) {
      case "SEARCH" -> new SearchParser(limits).search(tag, uid, c);
      case "SORT" -> new SearchParser(limits).sort(tag, uid, c);
      case "THREAD" -> new SearchParser(limits).thread(tag, uid, c);
      case "FETCH" -> new FetchParser(limits).fetch(tag, uid, c);
      case "STORE" -> store(tag, uid, c);
      case "COPY", "MOVE" -> {
        c.sp();
        SequenceSet set = sequenceSet(c);
        yield new Copy(tag, uid, set, spMailbox(c), name.equals("MOVE"));
      }
      default -> throw ImapException.bad("unknown UID command " + name);
    };
  }

  private Authenticate authenticate(String tag, Cursor c) throws ImapException {
    c.sp();
    String mech = c.atom().toUpperCase(Locale.ROOT);
    Optional<String> initial = Optional.empty();
    if (c.take(' ')) {
      initial = Optional.of(c.until(" "));
    }
    return new Authenticate(tag, mech, initial);
  }

  private Login login(String tag, Cursor c) throws ImapException {
    c.sp();
    String user = new String(c.astring(""), StandardCharsets.UTF_8);
    c.sp();
    return new Login(tag, user, c.astring(""));
  }

  private Enable enable(String tag, Cursor c) throws ImapException {
    List<String> caps = new ArrayList<>();
    while (c.take(' ')) {
      caps.add(c.atom().toUpperCase(Locale.ROOT));
    }
    if (caps.isEmpty()) {
      throw ImapException.bad("ENABLE needs at least one capability");
    }
    return new Enable(tag, caps);
  }

  private Id id(String tag, Cursor c) throws ImapException {
    c.sp();
    Map<String, String> fields = new LinkedHashMap<>();
    if (c.take('(')) {
      while (!c.take(')')) {
        if (!fields.isEmpty()) {
          c.sp();
        }
        byte[] k = c.string();
        c.sp();
        byte[] v = c.nstring();
        if (fields.size() < 30) {
          fields.put(
              new String(k, StandardCharsets.UTF_8),
              v == null ? null : new String(v, StandardCharsets.UTF_8));
        }
      }
    } else {
      c.nstring();
    }
    return new Id(tag, fields);
  }

  private Select select(String tag, boolean readOnly, Cursor c) throws ImapException {
    String mailbox = spMailbox(c);
    boolean condstore = false;
    Optional<Qresync> qresync = Optional.empty();
    if (c.take(' ')) {
      c.expect('(');
      while (!c.take(')')) {
        c.take(' ');
        String p = c.atom().toUpperCase(Locale.ROOT);
        switch (p) {
          case "CONDSTORE" -> condstore = true;
          case "QRESYNC" -> {
            c.sp();
            c.expect('(');
            long validity = c.number();
            c.sp();
            long modseq = c.number();
            Optional<SequenceSet> known = Optional.empty();
            if (c.take(' ')) {
              if (c.peek() != '(') {
                known = Optional.of(sequenceSet(c));
                c.take(' ');
              }
              if (c.take('(')) {
                sequenceSet(c);
                c.sp();
                sequenceSet(c);
                c.expect(')');
              }
            }
            c.expect(')');
            qresync = Optional.of(new Qresync(validity, modseq, known));
          }
          default -> throw ImapException.bad("unknown SELECT parameter " + p);
        }
      }
    }
    return new Select(tag, mailbox, readOnly, condstore, qresync);
  }

  private Create create(String tag, Cursor c) throws ImapException {
    String mailbox = spMailbox(c);
    Optional<String> use = Optional.empty();
    if (c.take(' ')) {
      c.expect('(');
      String p = c.atom().toUpperCase(Locale.ROOT);
      if (!p.equals("USE")) {
        throw ImapException.bad("unknown CREATE parameter " + p);
      }
      c.sp();
      List<String> uses = flagList(c);
      c.expect(')');
      if (uses.size() > 1) {
        throw ImapException.no("USEATTR", "one special use per mailbox");
      }
      use = uses.stream().findFirst();
    }
    return new Create(tag, mailbox, use);
  }

  private ListMailboxes list(String tag, Cursor c, boolean lsub) throws ImapException {
    c.sp();
    Set<String> selection = new LinkedHashSet<>();
    if (!lsub && c.take('(')) {
      while (!c.take(')')) {
        c.take(' ');
        selection.add(c.atom().toUpperCase(Locale.ROOT));
      }
      c.sp();
    }
    String reference = mailboxName(c.astring(""));
    c.sp();
    List<String> patterns = new ArrayList<>();
    if (c.take('(')) {
      while (!c.take(')')) {
        c.take(' ');
        patterns.add(mailboxName(c.astring("%*")));
      }
    } else {
      patterns.add(mailboxName(c.astring("%*")));
    }
    Set<String> returns = new LinkedHashSet<>();
    List<String> statusItems = new ArrayList<>();
    if (c.take(' ')) {
      String kw = c.atom().toUpperCase(Locale.ROOT);
      if (!kw.equals("RETURN")) {
        throw ImapException.bad("expected RETURN");
      }
      c.sp();
      c.expect('(');
      while (!c.take(')')) {
        c.take(' ');
        String r = c.atom().toUpperCase(Locale.ROOT);
        returns.add(r);
        if (r.equals("STATUS")) {
          c.sp();
          statusItems = statusItems(c);
        }
      }
    }
    return new ListMailboxes(tag, reference, patterns, selection, returns, statusItems, lsub);
  }

  private Status status(String tag, Cursor c) throws ImapException {
    String mailbox = spMailbox(c);
    c.sp();
    return new Status(tag, mailbox, statusItems(c));
  }

  private List<String> statusItems(Cursor c) throws ImapException {
    c.expect('(');
    List<String> items = new ArrayList<>();
    while (!c.take(')')) {
      c.take(' ');
      String item = c.atom().toUpperCase(Locale.ROOT);
      if (!Set.of(
              "MESSAGES",
              "RECENT",
              "UIDNEXT",
              "UIDVALIDITY",
              "UNSEEN",
              "HIGHESTMODSEQ",
              "SIZE",
              "DELETED",
              "APPENDLIMIT")
          .contains(item)) {
        throw ImapException.bad("unknown STATUS item " + item);
      }
      items.add(item);
    }
    return items;
  }

  private Append append(String tag, Cursor c) throws ImapException {
    String mailbox = spMailbox(c);
    c.sp();
    Set<String> flags = Set.of();
    if (c.peek() == '(') {
      flags = new LinkedHashSet<>(flagList(c));
      c.sp();
    }
    Optional<Instant> date = Optional.empty();
    if (c.peek() == '"') {
      date = Optional.of(dateTime(c));
      c.sp();
    }
    return new Append(tag, mailbox, flags, date, c.string());
  }

  private Store store(String tag, boolean uid, Cursor c) throws ImapException {
    c.sp();
    SequenceSet set = sequenceSet(c);
    c.sp();
    OptionalLong unchangedSince = OptionalLong.empty();
    if (c.take('(')) {
      String m = c.atom().toUpperCase(Locale.ROOT);
      if (!m.equals("UNCHANGEDSINCE")) {
        throw ImapException.bad("unknown STORE modifier " + m);
      }
      c.sp();
      unchangedSince = OptionalLong.of(c.number());
      c.expect(')');
      c.sp();
    }
    String item = c.atom().toUpperCase(Locale.ROOT);
    StoreMode mode = item.startsWith("+")
        ? StoreMode.ADD
        : item.startsWith("-") ? StoreMode.REMOVE : StoreMode.REPLACE;
    String base = mode == StoreMode.REPLACE ? item : item.substring(1);
    if (!base.equals("FLAGS") && !base.equals("FLAGS.SILENT")) {
      throw ImapException.bad("expected FLAGS, +FLAGS or -FLAGS, not " + item);
    }
    c.sp();
    List<String> flags;
    if (c.peek() == '(') {
      flags = flagList(c);
    } else {
      flags = new ArrayList<>();
      flags.add(flag(c));
      while (c.take(' ')) {
        flags.add(flag(c));
      }
    }
    return new Store(
        tag, uid, set, unchangedSince, mode, base.endsWith(".SILENT"), new LinkedHashSet<>(flags));
  }

  // ---- shared pieces ----

  String spMailbox(Cursor c) throws ImapException {
    c.sp();
    return mailboxName(c.astring(""));
  }

  /**
   * From now on mailbox names are UTF-8 only, as IMAP4rev2 clients send them ({@code &} is then
   * itself, not the start of modified UTF-7).
   */
  public void utf8Names(boolean on) {
    utf8Names = on;
  }

  private String mailboxName(byte[] raw) throws ImapException {
    if (!utf8Names) {
      return mailboxText(raw);
    }
    try {
      String name = StandardCharsets.UTF_8
          .newDecoder()
          .decode(java.nio.ByteBuffer.wrap(raw))
          .toString();
      return name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
    } catch (java.nio.charset.CharacterCodingException e) {
      throw ImapException.bad("mailbox name is not UTF-8");
    }
  }

  /**
   * A mailbox name: UTF-8 when it holds 8-bit bytes (IMAP4rev2, RFC 6855), else modified UTF-7;
   * INBOX in any case becomes INBOX.
   */
  static String mailboxText(byte[] raw) throws ImapException {
    boolean eightBit = false;
    for (byte x : raw) {
      eightBit |= x < 0;
    }
    String name;
    if (eightBit) {
      var dec = StandardCharsets.UTF_8.newDecoder();
      try {
        name = dec.decode(java.nio.ByteBuffer.wrap(raw)).toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        throw ImapException.bad("mailbox name is neither UTF-8 nor modified UTF-7");
      }
    } else {
      try {
        name = ModifiedUtf7.decode(new String(raw, StandardCharsets.US_ASCII));
      } catch (IllegalArgumentException e) {
        throw ImapException.bad("invalid modified UTF-7 mailbox name: " + e.getMessage());
      }
    }
    return name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
  }

  static SequenceSet sequenceSet(Cursor c) throws ImapException {
    String s = c.until(" ()");
    if (s.equals("$")) {
      return SequenceSet.SAVED;
    }
    try {
      return SequenceSet.parse(s);
    } catch (IllegalArgumentException e) {
      throw ImapException.bad("bad sequence set: " + e.getMessage());
    }
  }

  static List<String> flagList(Cursor c) throws ImapException {
    c.expect('(');
    List<String> flags = new ArrayList<>();
    while (!c.take(')')) {
      if (!flags.isEmpty()) {
        c.sp();
      }
      flags.add(flag(c));
      if (flags.size() > 100) {
        throw ImapException.bad("too many flags");
      }
    }
    return flags;
  }

  static String flag(Cursor c) throws ImapException {
    if (c.take('\\')) {
      if (c.take('*')) {
        return "\\*";
      }
      String f = c.atom();
      return "\\" + f.substring(0, 1).toUpperCase(Locale.ROOT)
          + f.substring(1).toLowerCase(Locale.ROOT);
    }
    return c.atom();
  }

  static Instant dateTime(Cursor c) throws ImapException {
    String s = new String(c.string(), StandardCharsets.US_ASCII).strip();
    try {
      return ZonedDateTime.parse(s, DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw ImapException.bad("invalid date-time '" + s + "'");
    }
  }
}
