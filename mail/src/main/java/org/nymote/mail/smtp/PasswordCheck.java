package org.nymote.mail.smtp;

import java.io.IOException;
import java.util.Optional;

/** Checks a login of SMTP AUTH. Thread-safe; takes about as long for unknown users. */
@FunctionalInterface
public interface PasswordCheck {
  /**
   * The local user that {@code name} and {@code password} log in as, else empty. The caller owns
   * {@code password} and wipes it afterwards.
   */
  Optional<String> check(String name, byte[] password) throws IOException;
}
