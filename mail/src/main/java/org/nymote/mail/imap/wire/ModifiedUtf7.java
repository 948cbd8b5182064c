package org.nymote.mail.imap.wire;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Mailbox names in modified UTF-7 (RFC 3501 5.1.3). */
public final class ModifiedUtf7 {
  private ModifiedUtf7() {}

  /** Decodes a name; throws {@link IllegalArgumentException} with the reason when it is invalid. */
  public static String decode(String s) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("non-ASCII character in a modified UTF-7 name");
      }
      if (c != '&') {
        out.append(c);
        i++;
        continue;
      }
      int end = s.indexOf('-', i);
      if (end < 0) {
        throw new IllegalArgumentException("unterminated &...- sequence");
      }
      if (end == i + 1) {
        out.append('&');
        i = end + 1;
        continue;
      }
      String b64 = s.substring(i + 1, end).replace(',', '/');
      if (!b64.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '+' || ch == '/')
          || b64.length() % 4 == 1) {
        throw new IllegalArgumentException("invalid base64 in &...- sequence");
      }
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(pad(b64));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid base64 in &...- sequence", e);
      }
      if (bytes.length == 0 || bytes.length % 2 != 0) {
        throw new IllegalArgumentException("&...- sequence is not whole UTF-16 characters");
      }
      String decoded = new String(bytes, StandardCharsets.UTF_16BE);
      for (char d : decoded.toCharArray()) {
        if (d >= 0x20 && d <= 0x7e) {
          throw new IllegalArgumentException("printable ASCII encoded in &...- sequence");
        }
      }
      if (!encode(decoded).equals(s.substring(i, end + 1))) {
        throw new IllegalArgumentException("&...- sequence is not in its shortest form");
      }
      out.append(decoded);
      i = end + 1;
    }
    return out.toString();
  }

  private static String pad(String b64) {
    return b64 + "=".repeat((4 - b64.length() % 4) % 4);
  }

  public static String encode(String s) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c >= 0x20 && c <= 0x7e) {
        out.append(c == '&' ? "&-" : String.valueOf(c));
        i++;
        continue;
      }
      int j = i;
      while (j < s.length() && (s.charAt(j) < 0x20 || s.charAt(j) > 0x7e)) {
        j++;
      }
      byte[] bytes = s.substring(i, j).getBytes(StandardCharsets.UTF_16BE);
      String b64 = Base64.getEncoder().withoutPadding().encodeToString(bytes).replace('/', ',');
      out.append('&').append(b64).append('-');
      i = j;
    }
    return out.toString();
  }
}
