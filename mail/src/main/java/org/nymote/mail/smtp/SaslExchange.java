package org.nymote.mail.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * One SASL exchange of AUTH (RFC 4954): PLAIN (RFC 4616) or LOGIN. Fed the client's responses
 * until it has a name and password, which the caller checks and then {@link #wipe}s.
 */
final class SaslExchange {
  /** The next challenge to send, or the credentials once complete. */
  sealed interface Step {
    record Challenge(String base64) implements Step {}

    record Credentials(String name, byte[] password) implements Step {}
  }

  private final String mechanism;
  private String loginName;
  private byte[] password;

  private SaslExchange(String mechanism) {
    this.mechanism = mechanism;
  }

  /** A PLAIN or LOGIN exchange; throws 504 for any other mechanism. */
  static SaslExchange start(String mechanism) throws SmtpException {
    String upper = mechanism.toUpperCase(Locale.ROOT);
    if (!upper.equals("PLAIN") && !upper.equals("LOGIN")) {
      throw new SmtpException(504, "5.5.4", "Unrecognized authentication type");
    }
    return new SaslExchange(upper);
  }

  /** The first step: the initial response if there was one, else the first challenge. */
  Step begin(Optional<String> initialResponse) throws SmtpException {
    if (initialResponse.isPresent()) {
      return respond(initialResponse.get().equals("=") ? "" : initialResponse.get());
    }
    return new Step.Challenge(mechanism.equals("PLAIN") ? "" : encode("Username:"));
  }

  /** Takes one base64 response line of the client. */
  Step respond(String line) throws SmtpException {
    if (line.equals("*")) {
      throw new SmtpException(501, "5.0.0", "Authentication cancelled");
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(line.strip());
    } catch (IllegalArgumentException e) {
      throw new SmtpException(501, "5.5.2", "Cannot decode the response (base64)");
    }
    if (mechanism.equals("PLAIN")) {
      return plain(decoded);
    }
    if (loginName == null) {
      loginName = new String(decoded, StandardCharsets.UTF_8);
      return new Step.Challenge(encode("Password:"));
    }
    password = decoded;
    return new Step.Credentials(loginName, password);
  }

  /** Overwrites the password bytes. */
  void wipe() {
    if (password != null) {
      Arrays.fill(password, (byte) 0);
    }
  }

  /** {@code authzid NUL authcid NUL passwd}; an authzid other than the authcid is refused. */
  private Step plain(byte[] decoded) throws SmtpException {
    int first = indexOf(decoded, 0);
    int second = first < 0 ? -1 : indexOf(decoded, first + 1);
    if (second < 0) {
      Arrays.fill(decoded, (byte) 0);
      throw new SmtpException(501, "5.5.2", "Malformed PLAIN response");
    }
    String authzid = new String(decoded, 0, first, StandardCharsets.UTF_8);
    String authcid = new String(decoded, first + 1, second - first - 1, StandardCharsets.UTF_8);
    password = Arrays.copyOfRange(decoded, second + 1, decoded.length);
    Arrays.fill(decoded, (byte) 0);
    if (!authzid.isEmpty() && !authzid.equals(authcid)) {
      wipe();
      throw new SmtpException(535, "5.7.8", "Authentication credentials invalid");
    }
    return new Step.Credentials(authcid, password);
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  private static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }
}
