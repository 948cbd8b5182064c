package org.nymote.dav.merge;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The line syntax iCalendar (RFC 5545 §3.1) and vCard (RFC 6350 §3.2) share: folded content lines
 * in BEGIN/END blocks. Enough to merge and filter by property without a full model, and without
 * losing a property the full models would not know. Values are immutable.
 */
public final class ContentLines {
  private ContentLines() {}

  /** A property line or a nested block. */
  public sealed interface Item permits Line, Block {}

  /** One unfolded content line; {@code name} is upper-case, with any vCard group. */
  public record Line(String name, String text) implements Item {
    /** The value: what follows the first colon outside quotes. */
    public String value() {
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '"') {
          quoted = !quoted;
        } else if (c == ':' && !quoted) {
          return text.substring(i + 1);
        }
      }
      return "";
    }

    /** The name without a vCard group ({@code item1.EMAIL} is EMAIL). */
    public String bareName() {
      int dot = name.lastIndexOf('.');
      return dot < 0 ? name : name.substring(dot + 1);
    }
  }

  /** A BEGIN:NAME ... END:NAME block. */
  public record Block(String name, List<Item> items) implements Item {
    public Block {
      items = List.copyOf(items);
    }

    public List<Line> lines(String name) {
      return items.stream()
          .filter(i -> i instanceof Line l && l.bareName().equals(name))
          .map(i -> (Line) i)
          .toList();
    }

    public List<Block> blocks() {
      return items.stream().filter(i -> i instanceof Block).map(i -> (Block) i).toList();
    }

    /** The value of the first line called {@code name}, or empty text. */
    public String value(String name) {
      List<Line> l = lines(name);
      return l.isEmpty() ? "" : l.get(0).value().strip();
    }
  }

  /** Parses the blocks of a text; throws {@link IllegalArgumentException} if unbalanced. */
  public static List<Block> parse(String text) {
    List<String> lines = unfold(text);
    List<Block> top = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<List<Item>> open = new ArrayList<>();
    for (String raw : lines) {
      if (raw.isBlank()) {
        continue;
      }
      var line = new Line(nameOf(raw), raw);
      if (line.name().equals("BEGIN")) {
        names.add(line.value().strip().toUpperCase(Locale.ROOT));
        open.add(new ArrayList<>());
      } else if (line.name().equals("END")) {
        String name = line.value().strip().toUpperCase(Locale.ROOT);
        if (names.isEmpty() || !names.getLast().equals(name)) {
          throw new IllegalArgumentException("END:" + name + " does not close a block");
        }
        var block = new Block(names.removeLast(), open.removeLast());
        if (open.isEmpty()) {
          top.add(block);
        } else {
          open.getLast().add(block);
        }
      } else if (open.isEmpty()) {
        throw new IllegalArgumentException("a line outside BEGIN/END: " + line.name());
      } else {
        open.getLast().add(line);
      }
    }
    if (!open.isEmpty()) {
      throw new IllegalArgumentException("BEGIN:" + names.getLast() + " is never closed");
    }
    return top;
  }

  public static List<Block> parse(byte[] bytes) {
    return parse(new String(bytes, StandardCharsets.UTF_8));
  }

  private static List<String> unfold(String text) {
    List<String> out = new ArrayList<>();
    for (String l : text.split("\r?\n", -1)) {
      if ((l.startsWith(" ") || l.startsWith("\t")) && !out.isEmpty()) {
        out.set(out.size() - 1, out.getLast() + l.substring(1));
      } else {
        out.add(l);
      }
    }
    return out;
  }

  private static String nameOf(String line) {
    int end = 0;
    while (end < line.length() && line.charAt(end) != ';' && line.charAt(end) != ':') {
      end++;
    }
    return line.substring(0, end).strip().toUpperCase(Locale.ROOT);
  }

  /** Writes blocks back with CRLF line ends, folding lines at 75 octets. */
  public static String write(List<Block> blocks) {
    var out = new StringBuilder();
    for (Block b : blocks) {
      write(b, out);
    }
    return out.toString();
  }

  private static void write(Block b, StringBuilder out) {
    fold("BEGIN:" + b.name(), out);
    for (Item i : b.items()) {
      switch (i) {
        case Line l -> fold(l.text(), out);
        case Block nested -> write(nested, out);
      }
    }
    fold("END:" + b.name(), out);
  }

  private static void fold(String line, StringBuilder out) {
    int octets = 0;
    for (int i = 0; i < line.length(); ) {
      int cp = line.codePointAt(i);
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (octets + size > 75) {
        out.append("\r\n ");
        octets = 1;
      }
      out.appendCodePoint(cp);
      octets += size;
      i += Character.charCount(cp);
    }
    out.append("\r\n");
  }
}
