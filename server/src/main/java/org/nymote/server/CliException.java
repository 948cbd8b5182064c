package org.nymote.server;

/**
 * A failure to report to the user as one line, {@code nymote: error: MESSAGE}, and an exit code.
 * The message says what went wrong and what to do about it.
 */
public final class CliException extends RuntimeException {
  /** Exit code of a runtime failure (something missing, not found, refused). */
  public static final int FAILURE = 1;
  /** Exit code of a usage error (a bad argument, option or input). */
  public static final int USAGE = 2;

  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
