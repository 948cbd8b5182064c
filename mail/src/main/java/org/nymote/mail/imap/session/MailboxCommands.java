package org.nymote.mail.imap.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.nymote.mail.imap.command.ImapCommand.*;
import org.nymote.mail.imap.command.SequenceSet;
import org.nymote.mail.imap.wire.ImapException;
import org.nymote.mail.store.MailboxInfo;
import org.nymote.mail.store.MailboxSnapshot;
import org.nymote.mail.store.MessageEntry;

/**
 * The commands on mailboxes: SELECT/EXAMINE (with CONDSTORE and QRESYNC, RFC 7162), CREATE (with
 * USE, RFC 6154), DELETE, RENAME, SUBSCRIBE, LIST/LSUB (LIST-EXTENDED RFC 5258, LIST-STATUS RFC
 * 5819, CHILDREN RFC 3348, SPECIAL-USE) and STATUS (RFC 3501 6.3), with the responses of RFC 9051
 * once the client enabled IMAP4rev2 (UTF-8 names, no RECENT, \NonExistent).
 */
final class MailboxCommands {
  private static final Set<String> SPECIAL_USES =
      Set.of("\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent", "\\Trash");

  private final Session s;

  MailboxCommands(Session s) {
    this.s = s;
  }

  String select(Select c) throws IOException, ImapException {
    if (s.selected != null && (s.rev2 || s.qresync)) {
      s.out.untagged("OK [CLOSED] the previous mailbox is closed");
    }
    s.selected = null;
    s.saved = List.of();
    s.state = Session.State.AUTHENTICATED;
    if (c.qresync().isPresent() && !s.qresync) {
      throw ImapException.bad("QRESYNC must be enabled first (ENABLE QRESYNC)");
    }
    if (c.condstore()) {
      s.condstore = true;
    }
    MailboxSnapshot snap = s.store.snapshot(c.mailbox());
    Selected sel = new Selected(snap, c.readOnly());
    s.out.untagged("FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)");
    s.out.untagged("OK [PERMANENTFLAGS ("
        + (c.readOnly() ? "" : "\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*")
        + ")] flags permitted");
    s.out.untagged(sel.size() + " EXISTS");
    if (s.rev2) {
      // RFC 9051 6.3.2: the mailbox's name as the server knows it (UTF-8), no RECENT, no UNSEEN
      s.out.line(new Parts()
          .text("* LIST () \"/\" ")
          .mailbox(snap.mailbox().name(), true)
          .done());
    } else {
      s.out.untagged("0 RECENT");
    }
    s.out.untagged("OK [UIDVALIDITY " + snap.uidValidity() + "] UIDs valid");
    s.out.untagged("OK [UIDNEXT " + snap.uidNext() + "] predicted next UID");
    s.out.untagged("OK [HIGHESTMODSEQ " + snap.highestModseq() + "] highest modseq");
    for (int i = 0; i < sel.size() && !s.rev2; i++) {
      if (!sel.at(i + 1).flags().contains("\\Seen")) {
        s.out.untagged("OK [UNSEEN " + (i + 1) + "] first unseen");
        break;
      }
    }
    if (c.qresync().isPresent() && c.qresync().get().uidValidity() == snap.uidValidity()) {
      Qresync q = c.qresync().get();
      List<Long> vanished = new ArrayList<>();
      for (long uid : s.store.expungedSince(c.mailbox(), q.modseq())) {
        if (q.knownUids().isEmpty() || q.knownUids().get().contains(uid, Long.MAX_VALUE)) {
          vanished.add(uid);
        }
      }
      if (!vanished.isEmpty()) {
        s.out.untagged("VANISHED (EARLIER) " + SequenceSet.format(vanished));
      }
      for (int i = 0; i < sel.size(); i++) {
        MessageEntry e = sel.at(i + 1);
        if (e.modseq() > q.modseq()) {
          s.out.untagged((i + 1) + " FETCH (UID " + e.uid() + " FLAGS ("
              + String.join(" ", e.flags()) + ") MODSEQ (" + e.modseq() + "))");
        }
      }
    }
    s.selected = sel;
    s.state = Session.State.SELECTED;
    return (c.readOnly() ? "[READ-ONLY]" : "[READ-WRITE]") + " "
        + (c.readOnly() ? "EXAMINE" : "SELECT") + " completed";
  }

  String create(Create c) throws IOException, ImapException {
    if (c.specialUse().isPresent() && !SPECIAL_USES.contains(c.specialUse().get())) {
      throw ImapException.no("USEATTR", "unknown special use " + c.specialUse().get());
    }
    s.store.create(c.mailbox(), c.specialUse());
    return "CREATE completed";
  }

  String delete(Delete c) throws IOException, ImapException {
    if (s.selected != null && s.selected.name.equals(c.mailbox())) {
      s.selected = null;
      s.saved = List.of();
      s.state = Session.State.AUTHENTICATED;
    }
    try {
      s.store.delete(c.mailbox());
    } catch (org.nymote.mail.store.MailStoreException e) {
      // a level of hierarchy that is no mailbox (\Noselect, \NonExistent): RFC 9051 6.3.5
      if (e.reason() == org.nymote.mail.store.MailStoreException.Reason.NONEXISTENT
          && s.store.list().stream().anyMatch(m -> m.name().startsWith(c.mailbox() + "/"))) {
        throw ImapException.no(
            "HASCHILDREN", c.mailbox() + " is no mailbox, only the parent of others");
      }
      throw e;
    }
    return "DELETE completed";
  }

  String rename(Rename c) throws IOException {
    s.store.rename(c.from(), c.to());
    return "RENAME completed";
  }

  String subscribe(Subscribe c) throws IOException {
    s.store.subscribe(c.mailbox(), c.subscribe());
    return (c.subscribe() ? "SUBSCRIBE" : "UNSUBSCRIBE") + " completed";
  }

  String list(ListMailboxes c) throws IOException, ImapException {
    String cmd = c.lsub() ? "LSUB" : "LIST";
    if (c.patterns().size() == 1
        && c.patterns().get(0).isEmpty()
        && c.selection().isEmpty()) {
      s.out.untagged(cmd + " (\\Noselect) \"/\" \"\"");
      return cmd + " completed";
    }
    boolean subscribedOnly = c.lsub() || c.selection().contains("SUBSCRIBED");
    boolean specialOnly = c.selection().contains("SPECIAL-USE");
    boolean showSubscribed =
        c.returns().contains("SUBSCRIBED") || c.selection().contains("SUBSCRIBED");
    List<Pattern> patterns = new ArrayList<>();
    for (String p : c.patterns()) {
      patterns.add(pattern(c.reference() + p));
    }
    boolean recursive = c.selection().contains("RECURSIVEMATCH");
    if (recursive && !subscribedOnly && !specialOnly) {
      throw ImapException.bad("RECURSIVEMATCH needs another selection option (RFC 5258)");
    }
    TreeMap<String, MailboxInfo> byName = new TreeMap<>();
    for (MailboxInfo m : s.store.list()) {
      byName.put(m.name(), m);
    }
    // levels of hierarchy that are no mailbox (a parent deleted, or never created)
    TreeSet<String> names = new TreeSet<>(byName.keySet());
    for (String n : byName.keySet()) {
      for (int i = n.indexOf('/'); i > 0; i = n.indexOf('/', i + 1)) {
        names.add(n.substring(0, i));
      }
    }
    for (String name : names) {
      if (patterns.stream().noneMatch(p -> p.matcher(name).matches())) {
        continue;
      }
      MailboxInfo m = byName.get(name);
      String prefix = name + "/";
      boolean children = names.ceiling(prefix) != null && names.ceiling(prefix).startsWith(prefix);
      boolean selected = m != null
          && (!subscribedOnly || m.subscribed())
          && (!specialOnly || m.specialUse().isPresent());
      // RECURSIVEMATCH: a parent that fails the selection but has a child that passes it
      boolean childMatches = recursive
          && subscribedOnly
          && byName.tailMap(prefix).entrySet().stream()
              .takeWhile(e -> e.getKey().startsWith(prefix))
              .map(Map.Entry::getValue)
              .anyMatch(x -> x.subscribed() && (!specialOnly || x.specialUse().isPresent()));
      if (!selected && !childMatches) {
        if (m != null || c.lsub() || subscribedOnly || specialOnly) {
          continue;
        }
      }
      List<String> attrs = new ArrayList<>();
      if (m == null) {
        // RFC 9051 7.3.1: \NonExistent (implies \Noselect); RFC 3501 6.3.8: \Noselect
        attrs.add(s.rev2 ? "\\NonExistent" : "\\Noselect");
      }
      if (!c.lsub()) {
        attrs.add(children ? "\\HasChildren" : "\\HasNoChildren");
      }
      if (m != null && showSubscribed && m.subscribed()) {
        attrs.add("\\Subscribed");
      }
      if (m != null) {
        m.specialUse().ifPresent(attrs::add);
      }
      Parts line = new Parts()
          .text("* " + cmd + " (" + String.join(" ", attrs) + ") \"/\" ")
          .mailbox(name, s.rev2);
      if (!selected && childMatches) {
        line.text(" (\"CHILDINFO\" (\"SUBSCRIBED\"))");
      }
      s.out.line(line.done());
      if (m != null && !c.statusItems().isEmpty()) {
        try {
          statusLine(name, c.statusItems());
        } catch (org.nymote.mail.store.MailStoreException e) {
          // vanished meanwhile: no STATUS for it
        }
      }
    }
    return cmd + " completed";
  }

  /** A LIST pattern as a regex: * matches anything, % anything but the delimiter. */
  static Pattern pattern(String p) {
    if (p.length() >= 5 && p.substring(0, 5).equalsIgnoreCase("INBOX")) {
      p = "INBOX" + p.substring(5);
    }
    StringBuilder re = new StringBuilder();
    for (char ch : p.toCharArray()) {
      switch (ch) {
        case '*' -> re.append(".*");
        case '%' -> re.append("[^/]*");
        default -> re.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return Pattern.compile(re.toString());
  }

  String status(Status c) throws IOException {
    statusLine(c.mailbox(), c.items());
    return "STATUS completed";
  }

  private void statusLine(String mailbox, List<String> items) throws IOException {
    MailboxSnapshot snap = s.store.snapshot(mailbox);
    List<String> out = new ArrayList<>();
    for (String item : items) {
      long v = switch (item) {
        case "MESSAGES" -> snap.messages().size();
        case "RECENT" -> 0;
        case "UIDNEXT" -> snap.uidNext();
        case "UIDVALIDITY" -> snap.uidValidity();
        case "UNSEEN" ->
          snap.messages().stream().filter(e -> !e.flags().contains("\\Seen")).count();
        case "HIGHESTMODSEQ" -> snap.highestModseq();
        case "SIZE" -> snap.messages().stream().mapToLong(MessageEntry::size).sum();
        case "DELETED" ->
          snap.messages().stream().filter(e -> e.flags().contains("\\Deleted")).count();
        case "APPENDLIMIT" -> s.config.limits().maxLiteral();
        default -> throw new IllegalStateException("unparsed STATUS item " + item);
      };
      out.add(item + " " + v);
    }
    s.out.line(new Parts()
        .text("* STATUS ")
        .mailbox(snap.mailbox().name(), s.rev2)
        .text(" (" + String.join(" ", out) + ")")
        .done());
  }
}
