package org.nymote.dav.xml;

import javax.xml.namespace.QName;

/**
 * Writes an XML document: elements by {@link QName}, with the DAV namespaces declared once on the
 * root under fixed prefixes and any other declared where it is used. Not thread-safe.
 */
public final class XmlWriter {
  private final StringBuilder out = new StringBuilder(256);
  private boolean rootWritten;

  public XmlWriter() {
    out.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
  }

  private XmlWriter(boolean fragment) {
    rootWritten = fragment;
  }

  /** A writer for a fragment that goes inside a document, using the document's prefixes. */
  public static XmlWriter fragment() {
    return new XmlWriter(true);
  }

  /** Appends a fragment written by {@link #fragment()}. */
  public XmlWriter raw(XmlWriter fragment) {
    out.append(fragment.out);
    return this;
  }

  /** Empties a fragment, to write another with the same buffer. */
  public void clear() {
    if (!rootWritten) {
      throw new IllegalStateException("only a fragment is cleared");
    }
    out.setLength(0);
  }

  public boolean isEmpty() {
    return out.isEmpty();
  }

  public XmlWriter start(QName name) {
    open(name);
    out.append('>');
    return this;
  }

  public XmlWriter empty(QName name) {
    open(name);
    out.append("/>");
    return this;
  }

  public XmlWriter end(QName name) {
    out.append("</");
    tag(name);
    out.append('>');
    return this;
  }

  /** An element with text content. */
  public XmlWriter element(QName name, String text) {
    open(name);
    out.append('>');
    text(text);
    return end(name);
  }

  /** An element with one attribute and no content. */
  public XmlWriter emptyWith(QName name, String attribute, String value) {
    open(name);
    out.append(' ').append(attribute).append("=\"");
    escape(value, true);
    out.append("\"/>");
    return this;
  }

  /** An element with two attributes and no content. */
  public XmlWriter emptyWithTwo(QName name, String a1, String v1, String a2, String v2) {
    open(name);
    out.append(' ').append(a1).append("=\"");
    escape(v1, true);
    out.append("\" ").append(a2).append("=\"");
    escape(v2, true);
    out.append("\"/>");
    return this;
  }

  public XmlWriter text(String text) {
    escape(text, false);
    return this;
  }

  private void open(QName name) {
    out.append('<');
    if (!tag(name)) {
      out.append(" xmlns=\"");
      escape(name.getNamespaceURI(), true);
      out.append('"');
    }
    if (!rootWritten) {
      rootWritten = true;
      out.append(" xmlns:D=\"DAV:\" xmlns:C=\"").append(Names.CALDAV);
      out.append("\" xmlns:CR=\"").append(Names.CARDDAV);
      out.append("\" xmlns:CS=\"").append(Names.CS);
      out.append("\" xmlns:A=\"").append(Names.APPLE).append('"');
    }
  }

  /** Appends the prefixed name; false if its namespace has no fixed prefix. */
  private boolean tag(QName name) {
    String prefix = Names.prefix(name.getNamespaceURI());
    if (prefix != null) {
      out.append(prefix).append(':');
    }
    out.append(name.getLocalPart());
    return prefix != null;
  }

  private void escape(String s, boolean attribute) {
    // most text (hrefs, ETags, statuses) needs no escaping: it is appended in runs, not by char
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '<' && c != '>' && c != '&' && c != '"') {
        continue;
      }
      out.append(s, run, i);
      run = i + 1;
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append(attribute ? "&quot;" : "\"");
        case '\r' -> out.append("&#13;");
        case '\n', '\t' -> out.append(c);
        default -> {
          // other control characters are not allowed in XML 1.0: dropped
        }
      }
    }
    out.append(s, run, s.length());
  }

  /** How many chars are buffered. */
  public int length() {
    return out.length();
  }

  /** Writes what is buffered to {@code sink} in UTF-8 and empties the buffer. */
  public void drainTo(java.io.OutputStream sink) throws java.io.IOException {
    sink.write(out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    out.setLength(0);
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
