package org.nymote.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging goes through SLF4J to logback, to standard error, at WARN (see {@code logback.xml});
 * {@code --verbose} lowers it to INFO. Secrets (passwords, keys, Authorization headers) are never
 * logged.
 */
final class Logging {
  private Logging() {}

  static void verbose() {
    var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
  }
}
