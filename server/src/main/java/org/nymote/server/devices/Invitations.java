package org.nymote.server.devices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import org.nymote.server.files.PrivateFiles;
import org.nymote.signpost.pairing.Invitation;

/**
 * The open invitations of this device, in the home: {@code identity/invitations/HASH}, one file
 * per invitation named by the SHA-256 of its token (the token itself is nowhere on disk), holding
 * when it expires. Redeeming deletes the file first, so an invitation is used at most once even
 * when two joins race: the file system decides which one deleted it. Thread-safe.
 */
public final class Invitations {
  /** What became of a token presented by a joining device. */
  public enum Redemption {
    ACCEPTED,
    UNKNOWN,
    EXPIRED
  }

  private final Path dir;

  public Invitations(Path homeDir) {
    this.dir = DeviceIdentity.dir(homeDir).resolve("invitations");
  }

  /** Records {@code invitation}, valid until {@code expires}. */
  public void add(Invitation invitation, Instant expires) throws IOException {
    PrivateFiles.write(
        dir.resolve(invitation.tokenHash()),
        (expires.getEpochSecond() + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  /** Uses up the invitation of {@code token}, if there is one and it has not expired. */
  public Redemption redeem(byte[] token, Instant now) throws IOException {
    Path file = dir.resolve(Invitation.hash(token));
    String expires;
    try {
      expires = Files.readString(file, StandardCharsets.US_ASCII).strip();
      Files.delete(file);
    } catch (NoSuchFileException e) {
      return Redemption.UNKNOWN;
    }
    long until;
    try {
      until = Long.parseLong(expires);
    } catch (NumberFormatException e) {
      return Redemption.EXPIRED;
    }
    return now.getEpochSecond() < until ? Redemption.ACCEPTED : Redemption.EXPIRED;
  }
}
