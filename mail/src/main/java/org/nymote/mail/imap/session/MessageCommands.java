package org.nymote.mail.imap.session;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.nymote.mail.imap.command.FetchItem;
import org.nymote.mail.imap.command.ImapCommand.*;
import org.nymote.mail.imap.command.SearchKey;
import org.nymote.mail.imap.command.SequenceSet;
import org.nymote.mail.imap.wire.ImapException;
import org.nymote.mail.mime.MimePart;
import org.nymote.mail.store.AppendResult;
import org.nymote.mail.store.CopyResult;
import org.nymote.mail.store.MailStore;
import org.nymote.mail.store.MessageEntry;

/**
 * The commands on messages: APPEND (UIDPLUS), FETCH (BINARY, RFC 3516), STORE (CONDSTORE),
 * COPY/MOVE (UIDPLUS, RFC 6851), EXPUNGE and UID EXPUNGE, CLOSE, SEARCH (ESEARCH, SEARCHRES RFC
 * 5182; ESEARCH always for IMAP4rev2), SORT and THREAD; and the untagged updates after each
 * command.
 */
final class MessageCommands {
  private final Session s;
  private final Map<String, MimePart> parsed = new HashMap<>();

  MessageCommands(Session s) {
    this.s = s;
  }

  /** Sends what changed in the selected mailbox since the client last heard. */
  void announce(boolean allowExpunge) throws IOException {
    Selected sel = s.selected;
    if (sel == null) {
      return;
    }
    try {
      refresh(sel, allowExpunge);
    } catch (org.nymote.mail.store.MailStoreException e) {
      s.selected = null;
      s.state = Session.State.AUTHENTICATED;
      s.out.untagged("OK [CLOSED] the selected mailbox was deleted");
    }
  }

  private void refresh(Selected sel, boolean allowExpunge) throws IOException {
    sel.refresh(s.store, allowExpunge, s.qresync, new Selected.Updates() {
      @Override
      public void expunged(int seq, long uid) throws IOException {
        s.out.untagged(seq + " EXPUNGE");
      }

      @Override
      public void vanished(List<Long> uids) throws IOException {
        s.out.untagged("VANISHED " + SequenceSet.format(uids.stream().sorted().toList()));
      }

      @Override
      public void exists(int count) throws IOException {
        s.out.untagged(count + " EXISTS");
      }

      @Override
      public void flags(int seq, MessageEntry e) throws IOException {
        s.out.untagged(seq + " FETCH (" + flagsItem(e) + " UID " + e.uid() + modseqItem(e) + ")");
      }
    });
  }

  private String flagsItem(MessageEntry e) {
    return "FLAGS (" + String.join(" ", e.flags()) + ")";
  }

  private String modseqItem(MessageEntry e) {
    return s.condstore ? " MODSEQ (" + e.modseq() + ")" : "";
  }

  MimePart parse(MessageEntry e) {
    MimePart m = parsed.get(e.message());
    if (m == null) {
      byte[] raw = s.store.message(e.message()).orElse(new byte[0]);
      m = MimePart.parse(raw);
      if (parsed.size() > 64) {
        parsed.clear();
      }
      parsed.put(e.message(), m);
    }
    return m;
  }

  // ---- APPEND, CLOSE, EXPUNGE ----

  String append(Append c) throws IOException, ImapException {
    if (c.message().length == 0) {
      throw ImapException.no(null, "an empty message cannot be appended");
    }
    Set<String> flags = new LinkedHashSet<>(c.flags());
    flags.remove("\\Recent");
    AppendResult r =
        s.store.append(c.mailbox(), c.message(), flags, c.date().orElse(Instant.now()));
    return "[APPENDUID " + r.uidValidity() + " " + r.uid() + "] APPEND completed";
  }

  String close(Close c) throws IOException {
    Selected sel = s.selected;
    s.selected = null;
    s.saved = List.of();
    s.state = Session.State.AUTHENTICATED;
    if (!sel.readOnly) {
      s.store.expunge(sel.ref(), keys(sel, allSeqs(sel)), true);
    }
    return "CLOSE completed";
  }

  String expunge(Expunge c) throws IOException, ImapException {
    Selected sel = requireWritable();
    List<Integer> seqs = c.uids().isPresent() ? resolve(c.uids().get(), true) : allSeqs(sel);
    s.store.expunge(sel.ref(), keys(sel, seqs), true);
    return "EXPUNGE completed";
  }

  private Selected requireWritable() throws ImapException {
    if (s.selected.readOnly) {
      throw ImapException.no("READ-ONLY", "the mailbox is selected read-only");
    }
    return s.selected;
  }

  private static List<Integer> allSeqs(Selected sel) {
    List<Integer> all = new ArrayList<>();
    for (int i = 1; i <= sel.size(); i++) {
      all.add(i);
    }
    return all;
  }

  private static List<String> keys(Selected sel, List<Integer> seqs) {
    return seqs.stream().map(i -> sel.at(i).key()).toList();
  }

  private List<Integer> resolve(SequenceSet set, boolean byUid) throws ImapException {
    Selected sel = s.selected;
    if (set.saved()) {
      return sel.resolve(SequenceSet.of(s.saved), true);
    }
    if (!byUid && sel.outOfRange(set)) {
      throw ImapException.bad("message number out of range (the mailbox has " + sel.size() + ")");
    }
    return sel.resolve(set, byUid);
  }

  // ---- FETCH ----

  String fetch(Fetch c) throws IOException, ImapException {
    Selected sel = s.selected;
    List<Integer> seqs = resolve(c.set(), c.byUid());
    List<FetchItem> items = new ArrayList<>(c.items());
    if (c.byUid() && items.stream().noneMatch(i -> i instanceof FetchItem.Uid)) {
      items.add(0, new FetchItem.Uid());
    }
    if (items.stream().anyMatch(i -> i instanceof FetchItem.Modseq)) {
      s.condstore = true;
    }
    if (c.changedSince().isPresent()) {
      s.condstore = true;
      long since = c.changedSince().getAsLong();
      seqs = seqs.stream().filter(i -> sel.at(i).modseq() > since).toList();
      if (c.vanished()) {
        List<Long> gone = s.store.expungedSince(sel.ref(), since).stream()
            .filter(u -> c.set().contains(u, Long.MAX_VALUE))
            .toList();
        if (!gone.isEmpty()) {
          s.out.untagged("VANISHED (EARLIER) " + SequenceSet.format(gone));
        }
      }
    }
    boolean setSeen = !sel.readOnly
        && items.stream()
            .anyMatch(i -> i instanceof FetchItem.Section x && !x.peek()
                || i instanceof FetchItem.Binary y && !y.peek());
    Set<Integer> flagsChanged = new java.util.HashSet<>();
    if (setSeen) {
      List<String> unseen = new ArrayList<>();
      for (int i : seqs) {
        if (!sel.at(i).flags().contains("\\Seen")) {
          unseen.add(sel.at(i).key());
          flagsChanged.add(i);
        }
      }
      if (!unseen.isEmpty()) {
        var r = s.store.store(
            sel.ref(), unseen, MailStore.FlagChange.ADD, Set.of("\\Seen"), OptionalLong.empty());
        sel.updated(r.updated());
      }
    }
    for (int seq : seqs) {
      MessageEntry e = sel.at(seq);
      Parts p = new Parts().text("* " + seq + " FETCH (");
      boolean first = true;
      boolean sentFlags = false;
      for (FetchItem item : items) {
        if (!first) {
          p.text(" ");
        }
        first = false;
        sentFlags |= item instanceof FetchItem.Flags;
        item(item, e, p);
      }
      if (flagsChanged.contains(seq) && !sentFlags) {
        p.text(" " + flagsItem(e));
      }
      p.text(")");
      s.out.line(p.done());
    }
    return (c.byUid() ? "UID " : "") + "FETCH completed";
  }

  private void item(FetchItem item, MessageEntry e, Parts p) throws ImapException {
    switch (item) {
      case FetchItem.Flags f -> p.text(flagsItem(e));
      case FetchItem.Uid u -> p.text("UID " + e.uid());
      case FetchItem.InternalDate d ->
        p.text("INTERNALDATE \"" + Dates.imap(e.internalDate()) + "\"");
      case FetchItem.Size z -> p.text("RFC822.SIZE " + e.size());
      case FetchItem.Modseq m -> p.text("MODSEQ (" + e.modseq() + ")");
      case FetchItem.Envelope v -> {
        p.text("ENVELOPE ");
        Structure.envelope(parse(e), p);
      }
      case FetchItem.Structure b -> {
        p.text(b.extensible() ? "BODYSTRUCTURE " : "BODY ");
        Structure.body(parse(e), b.extensible(), p);
      }
      case FetchItem.Section x -> section(x, e, p);
      case FetchItem.Binary x -> binary(x, e, p);
      case FetchItem.BinarySize x -> {
        byte[] data = binaryBytes(x.part(), e);
        p.text("BINARY.SIZE[" + sectionNumber(x.part()) + "] " + data.length);
      }
    }
  }

  /** BINARY[part] (RFC 3516): the decoded body, as a literal8 when it holds a NUL byte. */
  private void binary(FetchItem.Binary x, MessageEntry e, Parts p) throws ImapException {
    byte[] data = binaryBytes(x.part(), e);
    p.text("BINARY[" + sectionNumber(x.part()) + "]");
    if (x.partial().isPresent()) {
      long start = Math.min(x.partial().get().start(), data.length);
      long end = Math.min(data.length, start + x.partial().get().length());
      data = java.util.Arrays.copyOfRange(data, (int) start, (int) end);
      p.text("<" + x.partial().get().start() + ">");
    }
    p.text(" ");
    boolean nul = false;
    for (byte b : data) {
      nul |= b == 0;
    }
    if (nul) {
      p.literal8(data);
    } else {
      p.literal(data);
    }
  }

  private byte[] binaryBytes(List<Integer> path, MessageEntry e) throws ImapException {
    MimePart root = parse(e);
    if (path.isEmpty()) {
      return root.all();
    }
    MimePart part =
        root.part(path).orElseThrow(() -> ImapException.no(null, "no part " + sectionNumber(path)));
    return org.nymote.mail.mime.MimeText.binaryBody(part)
        .orElseThrow(() -> ImapException.no(
            "UNKNOWN-CTE",
            "part " + sectionNumber(path) + " has a Content-Transfer-Encoding we cannot decode"));
  }

  private static String sectionNumber(List<Integer> path) {
    return String.join(".", path.stream().map(String::valueOf).toList());
  }

  private void section(FetchItem.Section x, MessageEntry e, Parts p) {
    MimePart root = parse(e);
    byte[] data = sectionBytes(x, root);
    if (x.label().isPresent()) {
      p.text(x.label().get() + " ");
    } else {
      StringBuilder spec = new StringBuilder();
      x.part().forEach(n -> spec.append(spec.isEmpty() ? "" : ".").append(n));
      if (!x.text().isEmpty()) {
        spec.append(spec.isEmpty() ? "" : ".").append(x.text());
      }
      if (!x.fields().isEmpty()) {
        spec.append(" (").append(String.join(" ", x.fields())).append(")");
      }
      p.text("BODY[" + spec + "]");
      x.partial().ifPresent(r -> p.text("<" + r.start() + ">"));
      p.text(" ");
    }
    if (data == null) {
      p.text("NIL");
      return;
    }
    if (x.partial().isPresent()) {
      long start = Math.min(x.partial().get().start(), data.length);
      long end = Math.min(data.length, start + x.partial().get().length());
      data = java.util.Arrays.copyOfRange(data, (int) start, (int) end);
    }
    p.literal(data);
  }

  private static byte[] sectionBytes(FetchItem.Section x, MimePart root) {
    MimePart part = root.part(x.part()).orElse(null);
    if (part == null) {
      return null;
    }
    if (x.part().isEmpty()) {
      return switch (x.text()) {
        case "" -> part.all();
        case "HEADER" -> part.header();
        case "TEXT" -> part.body();
        case "HEADER.FIELDS" -> Structure.headerFields(part, x.fields(), false);
        case "HEADER.FIELDS.NOT" -> Structure.headerFields(part, x.fields(), true);
        default -> null;
      };
    }
    if (x.text().equals("MIME")) {
      return part == root ? root.header() : part.header();
    }
    if (x.text().isEmpty()) {
      return part.body();
    }
    MimePart inner = part.message().orElse(null);
    if (inner == null) {
      return null;
    }
    return switch (x.text()) {
      case "HEADER" -> inner.header();
      case "TEXT" -> inner.body();
      case "HEADER.FIELDS" -> Structure.headerFields(inner, x.fields(), false);
      case "HEADER.FIELDS.NOT" -> Structure.headerFields(inner, x.fields(), true);
      default -> null;
    };
  }

  // ---- STORE, COPY, MOVE ----

  String store(Store c) throws IOException, ImapException {
    Selected sel = requireWritable();
    if (c.flags().contains("\\Recent") || c.flags().contains("\\*")) {
      throw ImapException.bad("\\Recent and \\* cannot be stored");
    }
    if (c.unchangedSince().isPresent()) {
      s.condstore = true;
    }
    List<Integer> seqs = resolve(c.set(), c.byUid());
    MailStore.FlagChange mode = switch (c.mode()) {
      case ADD -> MailStore.FlagChange.ADD;
      case REMOVE -> MailStore.FlagChange.REMOVE;
      case REPLACE -> MailStore.FlagChange.REPLACE;
    };
    var r = s.store.store(sel.ref(), keys(sel, seqs), mode, c.flags(), c.unchangedSince());
    sel.updated(r.updated());
    if (!c.silent() || c.unchangedSince().isPresent()) {
      Map<Long, Integer> seqOf = new HashMap<>();
      for (int i : seqs) {
        seqOf.put(sel.at(i).uid(), i);
      }
      for (MessageEntry e : r.updated()) {
        Integer seq = seqOf.get(e.uid());
        if (seq != null) {
          String flags = c.silent() ? "" : flagsItem(e) + " ";
          s.out.untagged(seq + " FETCH (" + flags + "UID " + e.uid() + modseqItem(e) + ")");
        }
      }
    }
    if (!r.modified().isEmpty()) {
      List<Long> ids = new ArrayList<>();
      for (long uid : r.modified()) {
        if (c.byUid()) {
          ids.add(uid);
        } else {
          for (int i : seqs) {
            if (sel.at(i).uid() == uid) {
              ids.add((long) i);
            }
          }
        }
      }
      ids.sort(null);
      return "[MODIFIED " + SequenceSet.format(ids) + "] conditional STORE failed";
    }
    return "STORE completed";
  }

  String copy(Copy c) throws IOException, ImapException {
    Selected sel = c.move() ? requireWritable() : s.selected;
    List<Integer> seqs = resolve(c.set(), c.byUid());
    CopyResult r = s.store.copy(sel.ref(), keys(sel, seqs), c.mailbox(), c.move());
    String verb = c.move() ? "MOVE" : "COPY";
    if (r.sourceUids().isEmpty()) {
      return verb + " completed";
    }
    String copyUid =
        "COPYUID " + r.uidValidity() + " " + join(r.sourceUids()) + " " + join(r.targetUids());
    if (c.move()) {
      s.out.untagged("OK [" + copyUid + "] moved");
      return verb + " completed";
    }
    return "[" + copyUid + "] " + verb + " completed";
  }

  private static String join(List<Long> uids) {
    return String.join(",", uids.stream().map(String::valueOf).toList());
  }

  // ---- SEARCH, SORT, THREAD ----

  private List<Integer> matching(SearchKey key) {
    key = withSaved(key);
    Selected sel = s.selected;
    Searcher searcher = new Searcher(this::parse, s.textIndex(), sel.messages(), sel.maxUid());
    List<Integer> out = new ArrayList<>();
    for (int i = 1; i <= sel.size(); i++) {
      if (searcher.matches(key, i, sel.at(i))) {
        out.add(i);
      }
    }
    return out;
  }

  String search(Search c) throws IOException {
    Selected sel = s.selected;
    List<Integer> seqs = matching(c.key());
    List<Long> ids =
        seqs.stream().map(i -> c.byUid() ? sel.at(i).uid() : (long) i).toList();
    boolean modseq = usesModseq(c.key());
    long highest = seqs.stream().mapToLong(i -> sel.at(i).modseq()).max().orElse(0);
    Set<String> r = c.returns().orElse(Set.of());
    if (r.contains("SAVE")) {
      s.saved = saved(r, seqs.stream().map(i -> sel.at(i).uid()).sorted().toList());
      if (r.size() == 1) {
        // SAVE alone: no ESEARCH (RFC 5182 2.1)
        return (c.byUid() ? "UID " : "") + "SEARCH completed, result saved";
      }
    }
    if (c.returns().isPresent() || s.rev2) {
      // RFC 4731; an IMAP4rev2 session gets ESEARCH for every SEARCH (RFC 9051 7.3.4)
      r = r.isEmpty() ? Set.of("ALL") : r;
      StringBuilder b = new StringBuilder("ESEARCH (TAG \"" + c.tag() + "\")");
      if (c.byUid()) {
        b.append(" UID");
      }
      if (r.contains("MIN") && !ids.isEmpty()) {
        b.append(" MIN ").append(ids.get(0));
      }
      if (r.contains("MAX") && !ids.isEmpty()) {
        b.append(" MAX ").append(ids.get(ids.size() - 1));
      }
      if (r.contains("COUNT")) {
        b.append(" COUNT ").append(ids.size());
      }
      if (r.contains("ALL") && !ids.isEmpty()) {
        b.append(" ALL ").append(SequenceSet.format(ids));
      }
      if (modseq && !ids.isEmpty()) {
        b.append(" MODSEQ ").append(highest);
      }
      s.out.untagged(b.toString());
    } else {
      StringBuilder b = new StringBuilder("SEARCH");
      ids.forEach(n -> b.append(' ').append(n));
      if (modseq && !ids.isEmpty()) {
        b.append(" (MODSEQ ").append(highest).append(')');
      }
      s.out.untagged(b.toString());
    }
    return (c.byUid() ? "UID " : "") + "SEARCH completed";
  }

  /**
   * What SEARCH RETURN (SAVE ...) keeps as {@code $} (RFC 5182 2.4): with MIN or MAX but neither
   * ALL nor COUNT, only those messages; else all that matched.
   */
  private static List<Long> saved(Set<String> r, List<Long> uids) {
    if (uids.isEmpty()
        || r.contains("ALL")
        || r.contains("COUNT")
        || !r.contains("MIN") && !r.contains("MAX")) {
      return uids;
    }
    Set<Long> keep = new java.util.TreeSet<>();
    if (r.contains("MIN")) {
      keep.add(uids.get(0));
    }
    if (r.contains("MAX")) {
      keep.add(uids.get(uids.size() - 1));
    }
    return List.copyOf(keep);
  }

  /** The key with {@code $} (RFC 5182) replaced by the UIDs it stands for. */
  private SearchKey withSaved(SearchKey k) {
    return switch (k) {
      case SearchKey.Sequence q when q.set().saved() -> new SearchKey.Uids(SequenceSet.of(s.saved));
      case SearchKey.Uids u when u.set().saved() -> new SearchKey.Uids(SequenceSet.of(s.saved));
      case SearchKey.Not n -> new SearchKey.Not(withSaved(n.key()));
      case SearchKey.Or o -> new SearchKey.Or(withSaved(o.a()), withSaved(o.b()));
      case SearchKey.And a ->
        new SearchKey.And(a.keys().stream().map(this::withSaved).toList());
      default -> k;
    };
  }

  private static boolean usesModseq(SearchKey k) {
    return switch (k) {
      case SearchKey.Modseq m -> true;
      case SearchKey.Not n -> usesModseq(n.key());
      case SearchKey.Or o -> usesModseq(o.a()) || usesModseq(o.b());
      case SearchKey.And a -> a.keys().stream().anyMatch(MessageCommands::usesModseq);
      default -> false;
    };
  }

  String sort(Sort c) {
    Selected sel = s.selected;
    List<Integer> seqs = new ArrayList<>(matching(c.key()));
    seqs.sort(Sorting.comparator(c.criteria(), sel, this::parse));
    StringBuilder b = new StringBuilder("SORT");
    seqs.forEach(i -> b.append(' ').append(c.byUid() ? sel.at(i).uid() : i));
    try {
      s.out.untagged(b.toString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return (c.byUid() ? "UID " : "") + "SORT completed";
  }

  String thread(ThreadMessages c) throws IOException {
    Selected sel = s.selected;
    List<Integer> seqs = matching(c.key());
    String threads = Threading.threads(c.algorithm(), seqs, sel, this::parse, c.byUid());
    s.out.untagged("THREAD" + (threads.isEmpty() ? "" : " " + threads));
    return (c.byUid() ? "UID " : "") + "THREAD completed";
  }
}
