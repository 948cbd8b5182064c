package org.nymote.mail.imap.wire;

/**
 * The bounds on what a client may send: the longest line, the largest literal (APPENDLIMIT), the
 * largest command with its literals, the deepest parenthesis nesting, and how many commands one
 * connection may issue.
 */
public record Limits(
    int maxLine, long maxLiteral, long maxCommand, int maxNesting, long maxCommands) {
  public static final Limits DEFAULT =
      new Limits(64 * 1024, 50L * 1024 * 1024, 51L * 1024 * 1024, 32, 1_000_000);
}
