package org.nymote.mail.imap.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nymote.mail.mime.MimePart;
import org.nymote.mail.store.MessageEntry;

/**
 * THREAD (RFC 5256 4): ORDEREDSUBJECT, and REFERENCES with every step of the RFC: containers
 * linked by References (or In-Reply-To), loops refused, dummies pruned, threads with the same
 * base subject merged, siblings and threads ordered by sent date (then sequence number). The
 * algorithms are pure functions of {@link Msg}s; {@link #threads} reads those from the mailbox.
 */
final class Threading {
  private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");
  private static final int MAX_REFERENCES = 1000;

  private Threading() {}

  /** What threading needs of a message; {@code seq} is its sequence number. */
  record Msg(
      int seq, Optional<String> messageId, List<String> references, String subject, Instant sent) {
    Msg {
      references = List.copyOf(references);
    }
  }

  /** A node of a thread: a message, or a dummy ({@code msg} null) holding its children. */
  static final class Node {
    Msg msg;
    Node parent;
    final List<Node> children = new ArrayList<>();

    Node(Msg msg) {
      this.msg = msg;
    }

    /** Whether this node is {@code n} or above it. */
    boolean isAncestorOf(Node n) {
      for (Node p = n; p != null; p = p.parent) {
        if (p == this) {
          return true;
        }
      }
      return false;
    }

    void adopt(Node child) {
      if (child.parent != null) {
        child.parent.children.remove(child);
      }
      child.parent = this;
      children.add(child);
    }

    /** The message that dates and names this node: its own, or its first child's. */
    Msg first() {
      return msg != null || children.isEmpty() ? msg : children.get(0).first();
    }
  }

  /** The THREAD response's data for {@code seqs} of the selected mailbox (without "THREAD"). */
  static String threads(
      String algorithm,
      List<Integer> seqs,
      Selected sel,
      Function<MessageEntry, MimePart> parse,
      boolean byUid) {
    List<Msg> msgs = new ArrayList<>();
    for (int seq : seqs) {
      MessageEntry e = sel.at(seq);
      MimePart m = parse.apply(e);
      List<String> refs = ids(m.field("References").orElse(""));
      if (refs.isEmpty()) {
        refs = ids(m.field("In-Reply-To").orElse("")).stream().limit(1).toList();
      }
      msgs.add(new Msg(
          seq,
          ids(m.field("Message-ID").orElse("")).stream().findFirst(),
          refs,
          m.field("Subject").orElse(""),
          Sorting.sentOrArrival(e, parse)));
    }
    List<Node> roots = algorithm.equals("ORDEREDSUBJECT") ? orderedSubject(msgs) : references(msgs);
    return render(roots, seq -> byUid ? sel.at(seq).uid() : seq);
  }

  /** ORDEREDSUBJECT: one thread per base subject, its messages by date under the first. */
  static List<Node> orderedSubject(List<Msg> msgs) {
    Map<String, List<Node>> bySubject = new LinkedHashMap<>();
    for (Msg m : msgs) {
      bySubject
          .computeIfAbsent(BaseSubject.of(m.subject()).base(), k -> new ArrayList<>())
          .add(new Node(m));
    }
    List<Node> roots = new ArrayList<>();
    for (List<Node> group : bySubject.values()) {
      group.sort(BY_DATE);
      Node root = group.get(0);
      group.subList(1, group.size()).forEach(root::adopt);
      roots.add(root);
    }
    roots.sort(BY_DATE);
    return roots;
  }

  /** REFERENCES: RFC 5256 4, steps 1 to 6. */
  static List<Node> references(List<Msg> msgs) {
    // (1) link containers by Message-ID and References
    Map<String, Node> byId = new HashMap<>();
    List<Node> all = new ArrayList<>();
    for (Msg m : msgs) {
      Node node = m.messageId().map(byId::get).orElse(null);
      if (node == null || node.msg != null) {
        // no Message-ID, or a duplicate one: a container of its own
        node = new Node(null);
        all.add(node);
        if (m.messageId().isPresent() && !byId.containsKey(m.messageId().get())) {
          byId.put(m.messageId().get(), node);
        }
      }
      node.msg = m;
      Node prev = null;
      for (String ref : m.references()) {
        Node r = byId.get(ref);
        if (r == null) {
          r = new Node(null);
          byId.put(ref, r);
          all.add(r);
        }
        // (1B) link each reference to the one before it, unless linked already or a loop
        if (prev != null && r.parent == null && !r.isAncestorOf(prev)) {
          prev.adopt(r);
        }
        prev = r;
      }
      // (1C) the last reference is the parent, replacing any other; never a loop
      if (prev != null && !node.isAncestorOf(prev)) {
        prev.adopt(node);
      }
    }
    // (2) the roots
    List<Node> roots = new ArrayList<>();
    for (Node n : all) {
      if (n.parent == null) {
        roots.add(n);
      }
    }
    // (3) prune dummies; (4) sort
    roots = prune(roots, true);
    sortAll(roots);
    // (5) merge threads by base subject
    Map<String, Node> table = new HashMap<>();
    for (Node r : roots) {
      BaseSubject s = subject(r);
      if (s.base().isEmpty()) {
        continue;
      }
      Node old = table.get(s.base());
      if (old == null
          || r.msg == null && old.msg != null
          || old.msg != null && r.msg != null && subject(old).reply() && !s.reply()) {
        table.put(s.base(), r);
      }
    }
    for (Node r : List.copyOf(roots)) {
      BaseSubject s = subject(r);
      Node t = s.base().isEmpty() ? null : table.get(s.base());
      if (t == null || t == r) {
        continue;
      }
      if (t.msg == null && r.msg == null) {
        List.copyOf(r.children).forEach(t::adopt);
        roots.remove(r);
      } else if (t.msg == null) {
        t.adopt(r);
        roots.remove(r);
      } else if (r.msg == null) {
        r.adopt(t);
        roots.remove(t);
        table.put(s.base(), r);
      } else if (!subject(t).reply() && s.reply()) {
        t.adopt(r);
        roots.remove(r);
      } else if (subject(t).reply() && !s.reply()) {
        r.adopt(t);
        roots.remove(t);
        table.put(s.base(), r);
      } else {
        Node dummy = new Node(null);
        roots.set(roots.indexOf(t), dummy);
        roots.remove(r);
        dummy.adopt(t);
        dummy.adopt(r);
        table.put(s.base(), dummy);
      }
    }
    // (6) sort every level again
    sortAll(roots);
    return roots;
  }

  private static BaseSubject subject(Node n) {
    Msg m = n.first();
    return m == null ? new BaseSubject("", false) : BaseSubject.of(m.subject());
  }

  /**
   * RFC 5256 4 step 3: dummies without children go; a dummy's children take its place, except
   * that several children of a dummy at the root stay under it.
   */
  private static List<Node> prune(List<Node> siblings, boolean atRoot) {
    List<Node> out = new ArrayList<>();
    for (Node n : siblings) {
      List<Node> kids = prune(List.copyOf(n.children), false);
      n.children.clear();
      kids.forEach(k -> k.parent = n);
      n.children.addAll(kids);
      if (n.msg == null && (kids.isEmpty() || !atRoot || kids.size() == 1)) {
        for (Node k : kids) {
          k.parent = atRoot ? null : n.parent;
        }
        out.addAll(kids);
        continue;
      }
      out.add(n);
    }
    return out;
  }

  /** By sent date, then sequence number; a dummy by its first child (sorted first). */
  private static final Comparator<Node> BY_DATE = Comparator.comparing(
          (Node n) -> n.first().sent())
      .thenComparingInt(n -> n.first().seq());

  private static void sortAll(List<Node> siblings) {
    for (Node n : siblings) {
      sortAll(n.children);
    }
    siblings.sort(BY_DATE);
  }

  /** RFC 5256 5: {@code (1 2 (3 4)(5))}; a dummy shows only its children. */
  static String render(List<Node> roots, IntFunction<Long> id) {
    StringBuilder b = new StringBuilder();
    for (Node r : roots) {
      b.append('(');
      render(r, b, id);
      b.append(')');
    }
    return b.toString();
  }

  private static void render(Node n, StringBuilder b, IntFunction<Long> id) {
    if (n.msg != null) {
      b.append(id.apply(n.msg.seq()));
    }
    if (n.children.size() == 1) {
      b.append(n.msg != null ? " " : "");
      render(n.children.get(0), b, id);
    } else if (n.children.size() > 1) {
      b.append(n.msg != null ? " " : "");
      for (Node c : n.children) {
        b.append('(');
        render(c, b, id);
        b.append(')');
      }
    }
  }

  private static List<String> ids(String field) {
    List<String> out = new ArrayList<>();
    Matcher m = MESSAGE_ID.matcher(field);
    while (m.find() && out.size() < MAX_REFERENCES) {
      out.add(m.group());
    }
    return out;
  }
}
