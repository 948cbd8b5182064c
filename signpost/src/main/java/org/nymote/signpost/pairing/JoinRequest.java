package org.nymote.signpost.pairing;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.nymote.signpost.identity.DeviceName;
import org.nymote.signpost.identity.Ed25519;

/**
 * What a joining device sends ({@code POST /pair}): the invitation's token, the name it wants and
 * its public key. Text, one {@code field: value} line each, at most {@link #MAX_BYTES}:
 *
 * <pre>
 * token: URL-safe Base64 of the 16 token bytes
 * device: NAME
 * key: Base64 of the Ed25519 public key (X.509 SubjectPublicKeyInfo)
 * </pre>
 */
public record JoinRequest(byte[] token, DeviceName device, PublicKey key) {
  /** The largest request body. */
  public static final int MAX_BYTES = 1024;

  public JoinRequest {
    token = token.clone();
  }

  @Override
  public byte[] token() {
    return token.clone();
  }

  public String encode() {
    return "token: " + Base64.getUrlEncoder().withoutPadding().encodeToString(token) + "\n"
        + "device: " + device.value() + "\n"
        + "key: " + Base64.getEncoder().encodeToString(key.getEncoded()) + "\n";
  }

  /** Parses a request; throws {@link IllegalArgumentException} saying what is wrong. */
  public static JoinRequest parse(String text) {
    if (text.length() > MAX_BYTES) {
      throw new IllegalArgumentException("a join request is at most " + MAX_BYTES + " bytes");
    }
    Map<String, String> fields = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 1) {
        throw new IllegalArgumentException("expected 'field: value' lines, not '" + line + "'");
      }
      String name = line.substring(0, colon).strip();
      if (!name.matches("token|device|key")) {
        throw new IllegalArgumentException("unknown field '" + name + "'");
      }
      if (fields.put(name, line.substring(colon + 1).strip()) != null) {
        throw new IllegalArgumentException("field '" + name + "' given twice");
      }
    }
    if (fields.size() != 3) {
      throw new IllegalArgumentException("a join request needs the fields token, device and key");
    }
    byte[] token;
    PublicKey key;
    try {
      token = Base64.getUrlDecoder().decode(fields.get("token"));
      key = Ed25519.publicKey(Base64.getDecoder().decode(fields.get("key")));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new IllegalArgumentException("the token or the key is not valid Base64 of the right"
          + " kind (the key must be Ed25519)");
    }
    return new JoinRequest(token, new DeviceName(fields.get("device")), key);
  }
}
