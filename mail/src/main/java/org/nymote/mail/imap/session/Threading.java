package org.nymote.mail.imap.session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nymote.mail.mime.MimePart;
import org.nymote.mail.store.MessageEntry;

/**
 * THREAD (RFC 5256): ORDEREDSUBJECT, and REFERENCES by parent links (References, else
 * In-Reply-To); messages whose parent is not among the results start threads; siblings and
 * threads are ordered by sent date. The subject-merging steps of REFERENCES are left out.
 */
final class Threading {
  private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

  private Threading() {}

  private static final class Node {
    final int seq;
    final List<Node> children = new ArrayList<>();

    Node(int seq) {
      this.seq = seq;
    }
  }

  static String threads(
      String algorithm,
      List<Integer> seqs,
      Selected sel,
      Function<MessageEntry, MimePart> parse,
      boolean byUid) {
    Comparator<Node> byDate = Comparator.comparing(
            (Node n) -> Sorting.sentOrArrival(sel.at(n.seq), parse))
        .thenComparingInt(n -> n.seq);
    List<Node> roots = new ArrayList<>();
    if (algorithm.equals("ORDEREDSUBJECT")) {
      Map<String, List<Node>> bySubject = new LinkedHashMap<>();
      for (int seq : seqs) {
        String subject =
            Sorting.baseSubject(parse.apply(sel.at(seq)).field("Subject").orElse(""));
        bySubject.computeIfAbsent(subject, k -> new ArrayList<>()).add(new Node(seq));
      }
      for (List<Node> group : bySubject.values()) {
        group.sort(byDate);
        Node root = group.get(0);
        root.children.addAll(group.subList(1, group.size()));
        roots.add(root);
      }
    } else {
      Map<String, Node> byId = new HashMap<>();
      Map<Node, String> parentOf = new HashMap<>();
      List<Node> nodes = new ArrayList<>();
      for (int seq : seqs) {
        MimePart m = parse.apply(sel.at(seq));
        Node n = new Node(seq);
        nodes.add(n);
        m.field("Message-ID")
            .map(Threading::ids)
            .filter(l -> !l.isEmpty())
            .ifPresent(l -> byId.putIfAbsent(l.get(0), n));
        List<String> refs = ids(m.field("References").orElse(""));
        if (refs.isEmpty()) {
          refs = ids(m.field("In-Reply-To").orElse(""));
        }
        if (!refs.isEmpty()) {
          parentOf.put(n, refs.get(refs.size() - 1));
        }
      }
      for (Node n : nodes) {
        Node parent = parentOf.containsKey(n) ? byId.get(parentOf.get(n)) : null;
        if (parent != null && parent != n && !isDescendant(n, parent)) {
          parent.children.add(n);
        } else {
          roots.add(n);
        }
      }
    }
    roots.sort(byDate);
    StringBuilder b = new StringBuilder();
    for (Node r : roots) {
      b.append('(');
      render(r, b, byDate, sel, byUid);
      b.append(')');
    }
    return b.toString();
  }

  private static boolean isDescendant(Node n, Node maybe) {
    for (Node c : n.children) {
      if (c == maybe || isDescendant(c, maybe)) {
        return true;
      }
    }
    return false;
  }

  private static void render(
      Node n, StringBuilder b, Comparator<Node> order, Selected sel, boolean byUid) {
    b.append(byUid ? sel.at(n.seq).uid() : n.seq);
    n.children.sort(order);
    if (n.children.size() == 1) {
      b.append(' ');
      render(n.children.get(0), b, order, sel, byUid);
    } else if (n.children.size() > 1) {
      b.append(' ');
      for (Node c : n.children) {
        b.append('(');
        render(c, b, order, sel, byUid);
        b.append(')');
      }
    }
  }

  private static List<String> ids(String field) {
    List<String> out = new ArrayList<>();
    Matcher m = MESSAGE_ID.matcher(field);
    while (m.find() && out.size() < 1000) {
      out.add(m.group());
    }
    return out;
  }
}
