package org.nymote.mail.imap.session;

import java.util.ArrayList;
import java.util.List;
import org.nymote.mail.imap.wire.ResponseWriter;

/** A response line being built: text, and literals where values need them. Not thread-safe. */
final class Parts {
  private final List<Object> parts = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();

  Parts text(String s) {
    text.append(s);
    return this;
  }

  Parts literal(byte[] b) {
    parts.add(text.toString());
    text.setLength(0);
    parts.add(b);
    return this;
  }

  /** A quoted string, a literal, or NIL for null. */
  Parts string(String s) {
    Object o = ResponseWriter.string(s);
    return o instanceof byte[] b ? literal(b) : text((String) o);
  }

  /** A mailbox name: modified UTF-7, or UTF-8 for an IMAP4rev2 client. */
  Parts mailbox(String name, boolean utf8) {
    Object o = ResponseWriter.mailbox(name, utf8);
    return o instanceof byte[] b ? literal(b) : text((String) o);
  }

  /** A literal8 ({@code ~{n}}, RFC 3516): bytes that may hold NUL. */
  Parts literal8(byte[] b) {
    return text("~").literal(b);
  }

  /** NIL for null, else a string. */
  Parts nstring(String s) {
    return s == null ? text("NIL") : string(s);
  }

  /** The last character written, or 0. */
  char last() {
    return text.isEmpty() ? 0 : text.charAt(text.length() - 1);
  }

  List<Object> done() {
    List<Object> out = new ArrayList<>(parts);
    out.add(text.toString());
    return out;
  }
}
