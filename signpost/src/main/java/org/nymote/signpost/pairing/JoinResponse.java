package org.nymote.signpost.pairing;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.nymote.signpost.identity.Pem;

/**
 * What the inviting device answers to a good {@link JoinRequest}: the user whose device the new
 * one now is, its device certificate and the root certificate. Text: a {@code user: NAME} line,
 * then the two certificates in PEM, device first.
 */
public record JoinResponse(String user, X509Certificate device, X509Certificate root) {
  /** The largest response body. */
  public static final int MAX_BYTES = 16 * 1024;

  public String encode() {
    return "user: " + user + "\n" + Pem.certificate(device) + Pem.certificate(root);
  }

  /** Parses a response; throws {@link IllegalArgumentException} saying what is wrong. */
  public static JoinResponse parse(String text) {
    if (text.length() > MAX_BYTES || !text.startsWith("user: ")) {
      throw new IllegalArgumentException("not a Nymote join response");
    }
    String user =
        text.substring(6, text.indexOf('\n') < 0 ? 6 : text.indexOf('\n')).strip();
    try {
      List<X509Certificate> certificates = Pem.certificates(text);
      if (certificates.size() != 2 || user.isEmpty()) {
        throw new IllegalArgumentException("a join response holds a user and two certificates");
      }
      return new JoinResponse(user, certificates.get(0), certificates.get(1));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("a certificate in the join response is malformed");
    }
  }
}
