package org.nymote.bench;

import java.util.List;

/** The arguments every harness gives {@code nymote serve}, so its services never collide. */
public final class ServeArgs {
  private ServeArgs() {}

  /**
   * Every listener of {@code nymote serve} on a free port ({@code 0}); a harness reads the ports
   * it needs from the {@code listening} lines. Without them a harness would bind the default
   * ports, and fail beside a serve already running on this machine.
   */
  public static List<String> anyPorts() {
    return List.of(
        "--http-port", "0",
        "--https-port", "0",
        "--imap-port", "0",
        "--imaps-port", "0",
        "--smtp-port", "0",
        "--submission-port", "0",
        "--submissions-port", "0",
        "--lmtp-port", "0",
        "--dns-port", "0");
  }
}
