package org.nymote.mail.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;

/** The text of a message for searching and indexing: decoded transfer encoding and charset. */
public final class MimeText {
  private static final int MAX_TEXT = 1 << 20;

  private MimeText() {}

  /** The body of a leaf part as text (text/* only; empty for other types). */
  public static String decodedBody(MimePart m) {
    if (!m.type().equals("text")) {
      return "";
    }
    String cte =
        m.field("Content-Transfer-Encoding").orElse("7bit").strip().toLowerCase(Locale.ROOT);
    byte[] body = m.body();
    try (InputStream in = switch (cte) {
      case "base64" -> new Base64InputStream(new ByteArrayInputStream(body), DecodeMonitor.SILENT);
      case "quoted-printable" ->
        new QuotedPrintableInputStream(new ByteArrayInputStream(body), DecodeMonitor.SILENT);
      default -> new ByteArrayInputStream(body);
    }) {
      byte[] decoded = in.readNBytes(MAX_TEXT);
      return new String(decoded, charset(m.params().get("charset")));
    } catch (IOException | RuntimeException e) {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * The body of a part with its Content-Transfer-Encoding undone (RFC 3516 BINARY): base64 and
   * quoted-printable decoded, 7bit, 8bit and binary as they are; multiparts and messages as they
   * are (their encoding cannot be another). Empty for an encoding we do not know.
   */
  public static java.util.Optional<byte[]> binaryBody(MimePart m) {
    String cte =
        m.field("Content-Transfer-Encoding").orElse("7bit").strip().toLowerCase(Locale.ROOT);
    byte[] body = m.body();
    if (m.isMultipart() || m.isMessage()) {
      return java.util.Optional.of(body);
    }
    try (InputStream in = switch (cte) {
      case "base64" -> new Base64InputStream(new ByteArrayInputStream(body), DecodeMonitor.SILENT);
      case "quoted-printable" ->
        new QuotedPrintableInputStream(new ByteArrayInputStream(body), DecodeMonitor.SILENT);
      case "7bit", "8bit", "binary" -> new ByteArrayInputStream(body);
      default -> null;
    }) {
      // decoding never makes a body longer than its encoded form
      return in == null ? java.util.Optional.empty() : java.util.Optional.of(in.readAllBytes());
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  /** All text of a message: decoded headers and text parts, for the full-text index. */
  public static String all(MimePart m) {
    StringBuilder b = new StringBuilder();
    collect(m, b, true);
    return b.toString();
  }

  /** The decoded top-level header fields (the part of {@link #all} that {@link #body} lacks). */
  public static String headers(MimePart m) {
    StringBuilder b = new StringBuilder();
    m.fields()
        .forEach(f -> b.append(f.name()).append(": ").append(decode(f.value())).append('\n'));
    return b.toString();
  }

  /** The text parts only. */
  public static String body(MimePart m) {
    StringBuilder b = new StringBuilder();
    collect(m, b, false);
    return b.toString();
  }

  private static void collect(MimePart m, StringBuilder b, boolean headers) {
    if (headers) {
      m.fields()
          .forEach(
              f -> b.append(f.name()).append(": ").append(decode(f.value())).append('\n'));
    }
    if (m.isMultipart()) {
      m.children().forEach(c -> collect(c, b, false));
    } else if (m.message().isPresent()) {
      collect(m.message().get(), b, true);
    } else if (b.length() < MAX_TEXT) {
      b.append(decodedBody(m)).append('\n');
    }
  }

  private static String decode(String raw) {
    try {
      return DecoderUtil.decodeEncodedWords(raw, DecodeMonitor.SILENT);
    } catch (RuntimeException e) {
      return raw;
    }
  }

  private static Charset charset(String name) {
    if (name == null) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(name.strip());
    } catch (RuntimeException e) {
      return StandardCharsets.UTF_8;
    }
  }
}
