package org.nymote.mail.imap;

import java.io.IOException;
import java.util.Optional;

/**
 * Checks a user's name and password for IMAP: the user's canonical name when the password is
 * theirs, else empty. Safe to call from many threads; takes about the same time either way. The
 * caller owns and wipes {@code password}.
 */
@FunctionalInterface
public interface PasswordCheck {
  Optional<String> check(String user, byte[] password) throws IOException;
}
