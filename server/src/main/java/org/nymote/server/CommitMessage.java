package org.nymote.server;

import picocli.CommandLine.Option;

/** The {@code -m/--message} option of the store subcommands that commit. */
final class CommitMessage {
  @Option(
      names = {"-m", "--message"},
      description = "the commit message")
  private String message;

  /** The message given, else {@code fallback}. */
  String or(String fallback) {
    return message != null ? message : fallback;
  }
}
