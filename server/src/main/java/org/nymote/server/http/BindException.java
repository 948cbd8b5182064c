package org.nymote.server.http;

import java.io.IOException;

/** A listener could not bind its address; the message names the service, address and the flag. */
public final class BindException extends IOException {
  BindException(String service, String host, int port, String flag, IOException cause) {
    super(
        "cannot listen for " + service + " on " + host + ":" + port + " ("
            + rootMessage(cause) + "); stop what uses that port, or choose another with " + flag
            + " PORT (0 picks a free one) or --bind HOST",
        cause);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }
}
