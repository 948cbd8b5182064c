package org.nymote.server.git;

/**
 * A request the Git endpoint refuses before any Git protocol starts: the HTTP status to answer and
 * a one-line message for the client (git prints it after {@code fatal:} for most statuses).
 */
final class GitHttpException extends Exception {
  private final int status;

  GitHttpException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
