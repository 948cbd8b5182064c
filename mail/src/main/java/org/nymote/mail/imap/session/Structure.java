package org.nymote.mail.imap.session;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.field.ContentDispositionField;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.nymote.mail.mime.MimePart;

/** ENVELOPE and BODYSTRUCTURE (RFC 3501 7.4.2) of a parsed message. */
final class Structure {
  private Structure() {}

  static void envelope(MimePart m, Parts p) {
    p.text("(");
    p.nstring(m.field("Date").orElse(null)).text(" ");
    p.nstring(m.field("Subject").orElse(null)).text(" ");
    Optional<String> from = m.field("From");
    addresses(from, p);
    p.text(" ");
    addresses(m.field("Sender").or(() -> from), p);
    p.text(" ");
    addresses(m.field("Reply-To").or(() -> from), p);
    p.text(" ");
    addresses(m.field("To"), p);
    p.text(" ");
    addresses(m.field("Cc"), p);
    p.text(" ");
    addresses(m.field("Bcc"), p);
    p.text(" ");
    p.nstring(m.field("In-Reply-To").orElse(null)).text(" ");
    p.nstring(m.field("Message-ID").orElse(null));
    p.text(")");
  }

  private static void addresses(Optional<String> field, Parts p) {
    if (field.isEmpty() || field.get().isBlank()) {
      p.text("NIL");
      return;
    }
    AddressList list;
    try {
      list = LenientAddressParser.DEFAULT.parseAddressList(field.get());
    } catch (RuntimeException e) {
      p.text("NIL");
      return;
    }
    if (list == null || list.isEmpty()) {
      p.text("NIL");
      return;
    }
    p.text("(");
    for (Address a : list) {
      if (a instanceof Mailbox mb) {
        address(mb, p);
      } else if (a instanceof Group g) {
        p.text("(NIL NIL ").string(g.getName()).text(" NIL)");
        for (Mailbox mb : g.getMailboxes()) {
          address(mb, p);
        }
        p.text("(NIL NIL NIL NIL)");
      }
    }
    p.text(")");
  }

  private static void address(Mailbox mb, Parts p) {
    p.text("(").nstring(mb.getName()).text(" NIL ").nstring(mb.getLocalPart()).text(" ");
    p.nstring(mb.getDomain()).text(")");
  }

  /** BODYSTRUCTURE ({@code extensible}) or BODY. */
  static void body(MimePart m, boolean ext, Parts p) {
    p.text("(");
    if (m.isMultipart()) {
      for (MimePart c : m.children()) {
        body(c, ext, p);
      }
      p.text(" ").string(m.subtype().toUpperCase(Locale.ROOT));
      if (ext) {
        p.text(" ");
        params(m.params(), p);
        p.text(" ");
        disposition(m, p);
        p.text(" ").nstring(m.field("Content-Language").orElse(null));
        p.text(" ").nstring(m.field("Content-Location").orElse(null));
      }
      p.text(")");
      return;
    }
    p.string(m.type().toUpperCase(Locale.ROOT))
        .text(" ")
        .string(m.subtype().toUpperCase(Locale.ROOT));
    p.text(" ");
    Map<String, String> params = m.params();
    if (params.isEmpty() && m.type().equals("text")) {
      params = Map.of("charset", "us-ascii");
    }
    params(params, p);
    p.text(" ").nstring(m.field("Content-ID").orElse(null));
    p.text(" ").nstring(m.field("Content-Description").orElse(null));
    p.text(" ")
        .string(m.field("Content-Transfer-Encoding").orElse("7BIT").toUpperCase(Locale.ROOT));
    p.text(" ").text(Integer.toString(m.bodySize()));
    if (m.type().equals("text")) {
      p.text(" ").text(Integer.toString(m.bodyLines()));
    } else if (m.isMessage() && m.message().isPresent()) {
      p.text(" ");
      envelope(m.message().get(), p);
      p.text(" ");
      body(m.message().get(), ext, p);
      p.text(" ").text(Integer.toString(m.bodyLines()));
    }
    if (ext) {
      p.text(" ").nstring(m.field("Content-MD5").orElse(null));
      p.text(" ");
      disposition(m, p);
      p.text(" ").nstring(m.field("Content-Language").orElse(null));
      p.text(" ").nstring(m.field("Content-Location").orElse(null));
    }
    p.text(")");
  }

  private static void params(Map<String, String> params, Parts p) {
    if (params.isEmpty()) {
      p.text("NIL");
      return;
    }
    p.text("(");
    boolean first = true;
    for (var e : params.entrySet()) {
      if (!first) {
        p.text(" ");
      }
      first = false;
      p.string(e.getKey().toUpperCase(Locale.ROOT)).text(" ").string(e.getValue());
    }
    p.text(")");
  }

  private static void disposition(MimePart m, Parts p) {
    Optional<ContentDispositionField> d = m.parsed("Content-Disposition")
        .filter(f -> f instanceof ContentDispositionField)
        .map(f -> (ContentDispositionField) f);
    if (d.isEmpty()
        || d.get().getDispositionType() == null
        || d.get().getDispositionType().isEmpty()) {
      p.text("NIL");
      return;
    }
    p.text("(").string(d.get().getDispositionType().toUpperCase(Locale.ROOT)).text(" ");
    params(d.get().getParameters(), p);
    p.text(")");
  }

  /** A header restricted to (or without) some fields, for HEADER.FIELDS[.NOT]. */
  static byte[] headerFields(MimePart m, List<String> names, boolean not) {
    StringBuilder b = new StringBuilder();
    String header = new String(m.header(), java.nio.charset.StandardCharsets.UTF_8);
    boolean keep = false;
    for (String line : header.split("(?<=\n)")) {
      if (line.equals("\r\n") || line.equals("\n")) {
        break;
      }
      if (!(line.startsWith(" ") || line.startsWith("\t"))) {
        int colon = line.indexOf(':');
        String name = colon > 0 ? line.substring(0, colon).strip().toUpperCase(Locale.ROOT) : "";
        keep = names.contains(name) != not;
      }
      if (keep) {
        b.append(line);
      }
    }
    b.append("\r\n");
    return b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
