package org.nymote.server.dav;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.nymote.server.tokens.Tokens;
import org.nymote.server.users.Authenticator;
import org.nymote.server.users.UserName;

/**
 * Who a DAV request comes from: Basic (RFC 7617) with the user's password or one of their API
 * tokens as the password (DAV clients speak Basic only), or Bearer with a token. A client sends
 * its credentials on every request, and an Argon2id check on each would cost more than the
 * request: so a header that passed is remembered, by its SHA-256 only, for {@link #REMEMBER_MS}.
 * Credentials are never logged. Thread-safe.
 */
final class DavAuth {
  static final long REMEMBER_MS = 60_000;
  private static final int MAX_REMEMBERED = 1024;

  private final Authenticator users;
  private final Tokens tokens;
  private final Map<String, Passed> passed = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Passed> eldest) {
      return size() > MAX_REMEMBERED;
    }
  };

  private record Passed(UserName user, long until) {}

  DavAuth(Authenticator users, Tokens tokens) {
    this.users = users;
    this.tokens = tokens;
  }

  Optional<UserName> authenticate(String authorization) throws IOException {
    if (authorization == null) {
      return Optional.empty();
    }
    String key = sha256(authorization);
    long now = System.currentTimeMillis();
    synchronized (passed) {
      Passed p = passed.get(key);
      if (p != null && p.until() > now) {
        return Optional.of(p.user());
      }
    }
    Optional<UserName> user = check(authorization);
    user.ifPresent(u -> {
      synchronized (passed) {
        passed.put(key, new Passed(u, now + REMEMBER_MS));
      }
    });
    return user;
  }

  private Optional<UserName> check(String authorization) throws IOException {
    if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return tokens.authenticate(authorization.substring(7).strip());
    }
    Optional<UserName> user = users.authenticateBasic(authorization);
    if (user.isPresent() || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return user;
    }
    String decoded;
    try {
      decoded = new String(
          Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String name = decoded.substring(0, colon);
    return tokens
        .authenticate(decoded.substring(colon + 1))
        .filter(u -> u.value().equals(name));
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
