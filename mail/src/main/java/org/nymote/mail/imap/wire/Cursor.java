package org.nymote.mail.imap.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The lexical level of the IMAP grammar (RFC 3501 9) over one command's bytes: atoms, quoted
 * strings, literals, numbers and spaces. Every method throws a BAD {@link ImapException} naming
 * what was expected.
 */
final class Cursor {
  private final byte[] b;
  private int i;

  Cursor(byte[] bytes) {
    this.b = bytes;
  }

  boolean atEnd() {
    return i >= b.length;
  }

  int peek() {
    return i < b.length ? b[i] & 0xff : -1;
  }

  boolean take(char c) {
    if (peek() == c) {
      i++;
      return true;
    }
    return false;
  }

  void expect(char c) throws ImapException {
    if (!take(c)) {
      throw ImapException.bad("expected '" + c + "' at " + where());
    }
  }

  void sp() throws ImapException {
    if (!take(' ')) {
      throw ImapException.bad("expected a space at " + where());
    }
  }

  void end() throws ImapException {
    if (!atEnd()) {
      throw ImapException.bad("unexpected text at " + where());
    }
  }

  String where() {
    if (atEnd()) {
      return "the end of the command";
    }
    int n = Math.min(b.length, i + 20);
    String s = new String(b, i, n - i, StandardCharsets.ISO_8859_1).replaceAll("[\\r\\n]", " ");
    return "'" + s + "'";
  }

  static boolean isAtomChar(int c) {
    return c > 0x20 && c < 0x7f && "(){ %*\"\\]".indexOf(c) < 0;
  }

  /** An atom; {@code extra} names further characters allowed (such as ']' for an astring). */
  String atom(String extra) throws ImapException {
    int s = i;
    while (i < b.length && (isAtomChar(b[i] & 0xff) || extra.indexOf(b[i]) >= 0)) {
      i++;
    }
    if (s == i) {
      throw ImapException.bad("expected an atom at " + where());
    }
    return new String(b, s, i - s, StandardCharsets.US_ASCII);
  }

  /** A FETCH item name: atom characters up to and including a '[' if there is one. */
  String fetchName() throws ImapException {
    int s = i;
    while (i < b.length && isAtomChar(b[i] & 0xff) && b[i] != '[') {
      i++;
    }
    if (s == i) {
      throw ImapException.bad("expected a FETCH item at " + where());
    }
    String name = new String(b, s, i - s, StandardCharsets.US_ASCII);
    return take('[') ? name + "[" : name;
  }

  String atom() throws ImapException {
    return atom("");
  }

  /** An astring: an atom (with ']' allowed) or a string; raw bytes. */
  byte[] astring(String extraAtomChars) throws ImapException {
    int c = peek();
    if (c == '"' || c == '{' || c == '~') {
      return string();
    }
    return atom("]" + extraAtomChars).getBytes(StandardCharsets.US_ASCII);
  }

  /** A quoted string or a literal. */
  byte[] string() throws ImapException {
    if (take('"')) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (true) {
        int c = peek();
        if (c < 0 || c == '\r' || c == '\n') {
          throw ImapException.bad("unterminated quoted string");
        }
        i++;
        if (c == '"') {
          return out.toByteArray();
        }
        if (c == '\\') {
          int e = peek();
          if (e != '"' && e != '\\') {
            throw ImapException.bad("invalid escape in quoted string");
          }
          i++;
          c = e;
        }
        out.write(c);
      }
    }
    take('~'); // literal8 (RFC 3516), accepted as a literal
    if (!take('{')) {
      throw ImapException.bad("expected a string at " + where());
    }
    long n = number();
    take('+');
    expect('}');
    expect('\r');
    expect('\n');
    if (n > b.length - i) {
      throw ImapException.bad("literal longer than the command");
    }
    byte[] out = java.util.Arrays.copyOfRange(b, i, i + (int) n);
    i += (int) n;
    return out;
  }

  /** An nstring: NIL or a string. */
  byte[] nstring() throws ImapException {
    if (peek() == 'N' || peek() == 'n') {
      String a = atom();
      if (!a.equalsIgnoreCase("NIL")) {
        throw ImapException.bad("expected NIL or a string");
      }
      return null;
    }
    return string();
  }

  long number() throws ImapException {
    int s = i;
    while (i < b.length && b[i] >= '0' && b[i] <= '9' && i - s < 19) {
      i++;
    }
    if (s == i) {
      throw ImapException.bad("expected a number at " + where());
    }
    return Long.parseLong(new String(b, s, i - s, StandardCharsets.US_ASCII));
  }

  /** Bytes up to (not including) the next character in {@code stops}, at least one. */
  String until(String stops) throws ImapException {
    int s = i;
    while (i < b.length && stops.indexOf(b[i]) < 0 && b[i] >= 0x20) {
      i++;
    }
    if (s == i) {
      throw ImapException.bad("expected a value at " + where());
    }
    return new String(b, s, i - s, StandardCharsets.US_ASCII);
  }
}
