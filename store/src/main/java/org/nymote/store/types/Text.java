package org.nymote.store.types;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The text layer shared by the encodings of this package: strict UTF-8, lines that each end in
 * {@code \n}, and a one-line escape for values that may hold line breaks ({@code \\}, {@code \n},
 * {@code \r}). Every reading method throws {@link IllegalArgumentException} on malformed input.
 */
final class Text {
  private Text() {}

  /** Encodes UTF-8, refusing a string that is not valid Unicode (an unpaired surrogate). */
  static byte[] utf8(String text) {
    try {
      ByteBuffer b = StandardCharsets.UTF_8
          .newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(text));
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("not valid Unicode: " + quote(text), e);
    }
  }

  /** Decodes UTF-8, refusing malformed or unmappable bytes rather than replacing them. */
  static String decodeUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("not valid UTF-8", e);
    }
  }

  /** Splits text made of lines that each end in {@code \n}; the empty text has no lines. */
  static List<String> lines(String text) {
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("the last line does not end in a line feed");
    }
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      lines.add(text.substring(start, end));
      start = end + 1;
    }
    return lines;
  }

  /** Escapes {@code value} so that it fits on one line. */
  static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Reverses {@link #escape}; any other backslash sequence is malformed. */
  static String unescape(String escaped) {
    StringBuilder out = new StringBuilder(escaped.length());
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (++i == escaped.length()) {
        throw new IllegalArgumentException("a backslash ends the line");
      }
      out.append(
          switch (escaped.charAt(i)) {
            case '\\' -> '\\';
            case 'n' -> '\n';
            case 'r' -> '\r';
            default -> throw new IllegalArgumentException("unknown escape \\" + escaped.charAt(i));
          });
    }
    return out.toString();
  }

  /** A decimal long in canonical form: optional minus, no plus sign, no leading zeros. */
  static long parseLong(String text, String what) {
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " is not a number: " + quote(text), e);
    }
    if (!Long.toString(value).equals(text)) {
      throw new IllegalArgumentException(what + " is not in canonical form: " + quote(text));
    }
    return value;
  }

  /** Quotes text for an error message, escaped and cut short. */
  static String quote(String text) {
    String cut = text.length() > 40 ? text.substring(0, 40) + "…" : text;
    return '"' + escape(cut) + '"';
  }

  /**
   * Checks a token: non-empty, at most 200 characters, and free of whitespace and control
   * characters, so that it can stand between spaces on a line.
   */
  static String requireToken(String token, String what) {
    if (token.isEmpty() || token.length() > 200) {
      throw new IllegalArgumentException(what + " must have 1 to 200 characters");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
        throw new IllegalArgumentException(
            what + " must not hold spaces or controls: " + quote(token));
      }
    }
    return token;
  }
}
