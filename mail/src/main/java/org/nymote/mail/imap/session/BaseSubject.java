package org.nymote.mail.imap.session;

import java.util.Locale;

/**
 * The base subject of RFC 5256 2.1, for SORT SUBJECT and THREAD: encoded words decoded, white
 * space folded, then {@code (fwd)} trailers, {@code Re:}/{@code Fw:}/{@code Fwd:} leaders (with
 * {@code [blob]}s before them), leading {@code [blob]}s and a {@code [fwd: ...]} wrapper removed
 * until none is left; compared case-insensitively (i;ascii-casemap), so kept in lower case.
 * {@code reply} says whether anything of a reply or forward was removed (THREAD=REFERENCES
 * step 5 prefers the message that is not a reply). Pure.
 *
 * @param base the base subject, lower case; empty when there is none
 * @param reply whether the subject was that of a reply or forward
 */
record BaseSubject(String base, boolean reply) {
  /** Extracts the base subject of a Subject field's raw value. */
  static BaseSubject of(String raw) {
    // (1) decode, fold tabs and line breaks to spaces, runs of spaces to one
    String s = Searcher.decode(raw).replaceAll("[ \\t\\r\\n]+", " ");
    boolean reply = false;
    while (true) {
      // (2) trailing "(fwd)" and white space
      while (true) {
        s = s.stripTrailing();
        if (s.toLowerCase(Locale.ROOT).endsWith("(fwd)")) {
          s = s.substring(0, s.length() - 5);
          reply = true;
        } else {
          break;
        }
      }
      // (3)-(5) leaders and blobs, until nothing changes
      boolean changed = true;
      while (changed) {
        changed = false;
        if (s.startsWith(" ")) {
          s = s.substring(1);
          changed = true;
        }
        int n = refwd(s);
        if (n > 0) {
          s = s.substring(n);
          reply = true;
          changed = true;
        }
        int b = blob(s, 0);
        if (b > 0 && !s.substring(b).isBlank()) {
          s = s.substring(b);
          changed = true;
        }
      }
      // (6) "[fwd:" subject "]": unwrap and start again
      if (s.length() >= 6 && s.substring(0, 5).equalsIgnoreCase("[fwd:") && s.endsWith("]")) {
        s = s.substring(5, s.length() - 1);
        reply = true;
        continue;
      }
      return new BaseSubject(s.toLowerCase(Locale.ROOT), reply);
    }
  }

  /** The length of a {@code *subj-blob subj-refwd} at the start of {@code s}, or 0. */
  private static int refwd(String s) {
    int i = 0;
    for (int b; (b = blob(s, i)) > 0; ) {
      i += b;
    }
    String rest = s.substring(i).toLowerCase(Locale.ROOT);
    int word =
        rest.startsWith("re") ? 2 : rest.startsWith("fwd") ? 3 : rest.startsWith("fw") ? 2 : 0;
    if (word == 0) {
      return 0;
    }
    i += word;
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    i += blob(s, i);
    return i < s.length() && s.charAt(i) == ':' ? i + 1 : 0;
  }

  /** The length of a {@code subj-blob} ({@code "[" *BLOBCHAR "]" *WSP}) at {@code at}, or 0. */
  private static int blob(String s, int at) {
    if (at >= s.length() || s.charAt(at) != '[') {
      return 0;
    }
    int i = at + 1;
    while (i < s.length() && s.charAt(i) != ']' && s.charAt(i) != '[') {
      i++;
    }
    if (i >= s.length() || s.charAt(i) != ']') {
      return 0;
    }
    i++;
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i - at;
  }
}
