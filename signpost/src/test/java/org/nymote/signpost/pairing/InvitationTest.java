package org.nymote.signpost.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InvitationTest {
  private static final byte[] FINGERPRINT = new byte[32];

  static {
    Arrays.fill(FINGERPRINT, (byte) 7);
  }

  @Test
  void aCodeReadsBackAsTheSameInvitation() {
    Invitation invitation = Invitation.create(FINGERPRINT, "127.0.0.1", 8444);
    String code = invitation.encode();
    assertThat(code).startsWith("nymote1-").matches("[A-Za-z0-9_-]+").hasSizeLessThan(100);
    assertThat(Invitation.decode("  " + code + "\n")).isEqualTo(invitation);
    assertThat(Invitation.decode(code).tokenHash()).isEqualTo(invitation.tokenHash());
  }

  @Test
  void everyInvitationHasItsOwnTokenAndNeverPrintsIt() {
    Invitation a = Invitation.create(FINGERPRINT, "laptop.example", 1);
    Invitation b = Invitation.create(FINGERPRINT, "laptop.example", 1);
    assertThat(a.tokenHash()).isNotEqualTo(b.tokenHash()).hasSize(64);
    assertThat(a.toString()).doesNotContain(a.encode().substring(8, 20));
  }

  @Test
  void garbageIsRefusedWithAReason() {
    assertThatThrownBy(() -> Invitation.decode("hello"))
        .hasMessageContaining("not an invitation code");
    assertThatThrownBy(() -> Invitation.decode("nymote1-***")).hasMessageContaining("damaged");
    assertThatThrownBy(() -> Invitation.decode("nymote1-AAAA")).hasMessageContaining("damaged");
    assertThatThrownBy(() -> Invitation.decode("nymote1-" + "A".repeat(1000)))
        .hasMessageContaining("not an invitation code");
    String code = Invitation.create(FINGERPRINT, "h", 2).encode();
    // A truncated code: the host is missing.
    assertThatThrownBy(() -> Invitation.decode(code.substring(0, 8 + 68)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aHostWithSpacesOrSlashesOrAPortOutOfRangeIsRefused() {
    assertThatThrownBy(() -> Invitation.create(FINGERPRINT, "a b", 1))
        .hasMessageContaining("not a host");
    assertThatThrownBy(() -> Invitation.create(FINGERPRINT, "a/b", 1))
        .hasMessageContaining("not a host");
    assertThatThrownBy(() -> Invitation.create(FINGERPRINT, "a", 0)).hasMessageContaining("port");
  }
}
