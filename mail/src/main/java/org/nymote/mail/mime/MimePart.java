package org.nymote.mail.mime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.dom.field.ParsedField;
import org.apache.james.mime4j.field.LenientFieldParser;

/**
 * One entity of a raw message with its byte offsets (header from {@code start}, body from {@code
 * bodyStart} to {@code end}), its header fields, its children if it is a multipart, and the
 * message inside if it is a message/rfc822. IMAP sections are cut from these offsets, so what a
 * client fetches is byte for byte what was stored. Fields are parsed by mime4j. Parsing is lenient
 * (a missing blank line or end boundary ends the part) and bounded in depth. Immutable.
 */
public final class MimePart {
  /** How deep multiparts and embedded messages may nest before the rest is taken as opaque. */
  public static final int MAX_DEPTH = 20;

  private final byte[] raw;
  private final int start;
  private final int bodyStart;
  private final int end;
  private final List<HeaderField> fields;
  private final String type;
  private final String subtype;
  private final Map<String, String> params;
  private final List<MimePart> children;
  private final MimePart message;

  private MimePart(byte[] raw, int start, int end, String defaultType, int depth) {
    this.raw = raw;
    this.start = start;
    this.end = end;
    int[] body = new int[1];
    this.fields = readFields(raw, start, end, body);
    this.bodyStart = body[0];
    ContentTypeField ct = contentType();
    String mime = ct == null || ct.getMimeType() == null || !ct.getMimeType().contains("/")
        ? defaultType
        : ct.getMimeType().toLowerCase(Locale.ROOT);
    this.type = mime.substring(0, mime.indexOf('/'));
    this.subtype = mime.substring(mime.indexOf('/') + 1);
    this.params = ct == null ? Map.of() : ct.getParameters();
    List<MimePart> kids = new ArrayList<>();
    MimePart inner = null;
    if (depth < MAX_DEPTH) {
      if (type.equals("multipart") && params.get("boundary") != null) {
        String childDefault = subtype.equals("digest") ? "message/rfc822" : "text/plain";
        for (int[] r : split(raw, bodyStart, end, params.get("boundary"))) {
          kids.add(new MimePart(raw, r[0], r[1], childDefault, depth + 1));
        }
      } else if (isMessage()) {
        inner = new MimePart(raw, bodyStart, end, "text/plain", depth + 1);
      }
    }
    this.children = List.copyOf(kids);
    this.message = inner;
  }

  /** Parses a whole message. */
  public static MimePart parse(byte[] raw) {
    return new MimePart(raw, 0, raw.length, "text/plain", 0);
  }

  public String type() {
    return type;
  }

  public String subtype() {
    return subtype;
  }

  /** Content-Type parameters, names in lower case. */
  public Map<String, String> params() {
    return params;
  }

  public boolean isMultipart() {
    return type.equals("multipart") && !children.isEmpty();
  }

  public boolean isMessage() {
    return type.equals("message") && (subtype.equals("rfc822") || subtype.equals("global"));
  }

  public List<MimePart> children() {
    return children;
  }

  /** The embedded message of a message/rfc822 part. */
  public Optional<MimePart> message() {
    return Optional.ofNullable(message);
  }

  public List<HeaderField> fields() {
    return fields;
  }

  /** The first field of this name (case-insensitive), unfolded. */
  public Optional<String> field(String name) {
    for (HeaderField f : fields) {
      if (f.name().equalsIgnoreCase(name)) {
        return Optional.of(f.value());
      }
    }
    return Optional.empty();
  }

  /** The field parsed by mime4j, if it is present and parses. */
  public Optional<ParsedField> parsed(String name) {
    return field(name).flatMap(v -> {
      try {
        return Optional.of(LenientFieldParser.parse(name + ": " + v));
      } catch (MimeException | RuntimeException e) {
        return Optional.empty();
      }
    });
  }

  private ContentTypeField contentType() {
    return parsed("Content-Type")
        .filter(f -> f instanceof ContentTypeField)
        .map(f -> (ContentTypeField) f)
        .orElse(null);
  }

  public byte[] all() {
    return Arrays.copyOfRange(raw, start, end);
  }

  /** The header with the blank line after it. */
  public byte[] header() {
    return Arrays.copyOfRange(raw, start, bodyStart);
  }

  public byte[] body() {
    return Arrays.copyOfRange(raw, bodyStart, end);
  }

  public int bodySize() {
    return end - bodyStart;
  }

  public int bodyLines() {
    int n = 0;
    for (int i = bodyStart; i < end; i++) {
      if (raw[i] == '\n') {
        n++;
      }
    }
    return n;
  }

  /** The body as text (UTF-8, or ISO-8859-1 where it is not UTF-8): for search. */
  public String bodyText() {
    return new String(raw, bodyStart, end - bodyStart, StandardCharsets.UTF_8);
  }

  /**
   * The part a section number names (RFC 3501 6.4.5): part 1 of a non-multipart is its body; a
   * number after a message/rfc822 part indexes into the message inside.
   */
  public Optional<MimePart> part(List<Integer> path) {
    MimePart cur = null;
    for (int n : path) {
      MimePart base = cur == null ? this : cur.message != null ? cur.message : cur;
      if (base.isMultipart()) {
        if (n > base.children.size()) {
          return Optional.empty();
        }
        cur = base.children.get(n - 1);
      } else if (n == 1) {
        cur = base;
      } else {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(cur == null ? this : cur);
  }

  // ---- parsing ----

  private static List<HeaderField> readFields(byte[] raw, int start, int end, int[] bodyStart) {
    List<HeaderField> out = new ArrayList<>();
    int i = start;
    StringBuilder current = null;
    while (i < end) {
      int eol = indexOf(raw, (byte) '\n', i, end);
      int next = eol < 0 ? end : eol + 1;
      int lineEnd = eol < 0 ? end : (eol > i && raw[eol - 1] == '\r' ? eol - 1 : eol);
      if (lineEnd == i) {
        flush(current, out);
        bodyStart[0] = next;
        return out;
      }
      String line = new String(raw, i, lineEnd - i, StandardCharsets.UTF_8);
      if ((raw[i] == ' ' || raw[i] == '\t') && current != null) {
        current.append(line);
      } else if (line.indexOf(':') > 0) {
        flush(current, out);
        current = new StringBuilder(line);
      } else if (current == null && out.isEmpty()) {
        // not a header at all: the whole entity is body
        bodyStart[0] = start;
        return out;
      }
      i = next;
      if (out.size() > 2000) {
        break;
      }
    }
    flush(current, out);
    bodyStart[0] = Math.min(i, end);
    return out;
  }

  private static void flush(StringBuilder field, List<HeaderField> out) {
    if (field != null) {
      int colon = field.indexOf(":");
      out.add(new HeaderField(
          field.substring(0, colon).strip(), field.substring(colon + 1).strip()));
    }
  }

  /** The [start, end) of each body part between boundary lines. */
  private static List<int[]> split(byte[] raw, int from, int to, String boundary) {
    byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<int[]> parts = new ArrayList<>();
    int partStart = -1;
    int i = from;
    while (i < to) {
      int eol = indexOf(raw, (byte) '\n', i, to);
      int next = eol < 0 ? to : eol + 1;
      if (startsWith(raw, i, to, delim)) {
        int lineStartBreak =
            i >= 2 && raw[i - 1] == '\n' && raw[i - 2] == '\r' ? i - 2 : Math.max(from, i - 1);
        if (partStart >= 0) {
          parts.add(new int[] {partStart, Math.max(partStart, lineStartBreak)});
        }
        int after = i + delim.length;
        if (after + 1 < to && raw[after] == '-' && raw[after + 1] == '-') {
          return parts;
        }
        partStart = next;
        if (parts.size() > 1000) {
          return parts;
        }
      }
      i = next;
    }
    if (partStart >= 0 && partStart < to) {
      parts.add(new int[] {partStart, to});
    }
    return parts;
  }

  private static boolean startsWith(byte[] raw, int at, int to, byte[] prefix) {
    if (to - at < prefix.length) {
      return false;
    }
    for (int k = 0; k < prefix.length; k++) {
      if (raw[at + k] != prefix[k]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] raw, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (raw[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
