package org.nymote.signpost.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.nymote.signpost.identity.DeviceName;
import org.nymote.signpost.identity.Ed25519;

class JoinRequestTest {
  @Test
  void aRequestReadsBackAsTheSame() {
    var key = Ed25519.generate().getPublic();
    var request = new JoinRequest(new byte[16], new DeviceName("phone"), key);
    JoinRequest parsed = JoinRequest.parse(request.encode());
    assertThat(parsed.device()).isEqualTo(new DeviceName("phone"));
    assertThat(parsed.key()).isEqualTo(key);
    assertThat(parsed.token()).isEqualTo(new byte[16]);
  }

  @Test
  void garbageIsRefusedWithAReason() {
    assertThatThrownBy(() -> JoinRequest.parse("")).hasMessageContaining("needs the fields");
    assertThatThrownBy(() -> JoinRequest.parse("just text")).hasMessageContaining("field: value");
    assertThatThrownBy(() -> JoinRequest.parse("token: a\ntoken: b")).hasMessageContaining("twice");
    assertThatThrownBy(() -> JoinRequest.parse("x".repeat(2000))).hasMessageContaining("at most");
    assertThatThrownBy(() -> JoinRequest.parse("token: AAAA\ndevice: Bad Name\nkey: AAAA"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JoinRequest.parse("token: AAAA\ndevice: ok\nkey: !!!!"))
        .hasMessageContaining("Base64");
  }

  @Test
  void aKeyOtherThanEd25519IsRefused() throws Exception {
    var rsa = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();
    String text = "token: AAAA\ndevice: ok\nkey: "
        + Base64.getEncoder().encodeToString(rsa.getEncoded()) + "\n";
    assertThatThrownBy(() -> JoinRequest.parse(text)).hasMessageContaining("Ed25519");
  }
}
