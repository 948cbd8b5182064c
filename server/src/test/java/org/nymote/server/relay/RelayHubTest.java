package org.nymote.server.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nymote.signpost.identity.DeviceName;

/** The relay's sessions on loopback: how the two ends meet, and what it refuses. */
class RelayHubTest {
  static final DeviceName A = new DeviceName("a");
  static final DeviceName B = new DeviceName("b");

  RelayHub hub;

  @BeforeEach
  void start() throws IOException {
    hub = RelayHub.start(
        "127.0.0.1",
        0,
        new RelayHub.Limits(1, 4, Duration.ofMillis(800), Duration.ofSeconds(5), 1 << 20));
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  Socket join(String token) throws IOException {
    var socket = new Socket(InetAddress.getLoopbackAddress(), hub.port());
    socket.setSoTimeout(5_000);
    socket.getOutputStream().write((token + "\n").getBytes(StandardCharsets.US_ASCII));
    return socket;
  }

  static String line(Socket socket) throws IOException {
    return RelayHub.readLine(socket.getInputStream(), 200);
  }

  @Test
  void bothEndsMeetAndBytesFlowBothWays() throws Exception {
    RelayHub.Attachment b = hub.attach(B);
    String token = hub.open(A, B);
    assertThat(b.next(Duration.ofSeconds(1))).contains(token);
    try (Socket fromA = join(token);
        Socket fromB = join(token)) {
      assertThat(line(fromA)).isEqualTo("ok");
      assertThat(line(fromB)).isEqualTo("ok");
      fromA.getOutputStream().write("hello b\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(line(fromB)).isEqualTo("hello b");
      fromB.getOutputStream().write("hello a\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(line(fromA)).isEqualTo("hello a");
    }
  }

  @Test
  void aDeviceNotAttachedAnUnknownTokenAndAFullRelayAreRefused() throws Exception {
    assertThatThrownBy(() -> hub.open(A, B))
        .isInstanceOf(RelayHub.Refused.class)
        .hasMessageContaining("device b is not attached to this relay");
    hub.attach(B);
    hub.open(A, B);
    assertThatThrownBy(() -> hub.open(A, B))
        .isInstanceOf(RelayHub.Refused.class)
        .hasMessageContaining("1 sessions open")
        .extracting(e -> ((RelayHub.Refused) e).status())
        .isEqualTo(503);
    try (Socket stranger = join("0".repeat(32))) {
      assertThat(line(stranger)).isEqualTo("error unknown or expired relay session");
    }
    try (Socket garbage = join("x".repeat(500))) {
      assertThat(line(garbage)).isEqualTo("error unknown or expired relay session");
    }
  }

  @Test
  void anEndThatNeverComesEndsTheSessionAndFreesItsPlace() throws Exception {
    hub.attach(B);
    String token = hub.open(A, B);
    try (Socket fromA = join(token)) {
      assertThat(line(fromA)).startsWith("error the other device did not connect within");
    }
    // The place is free again; the old token is spent.
    hub.open(A, B);
    try (Socket late = join(token)) {
      assertThat(line(late)).isEqualTo("error unknown or expired relay session");
    }
  }

  @Test
  void attachingAgainReplacesTheEarlierAttachment() throws Exception {
    RelayHub.Attachment first = hub.attach(B);
    RelayHub.Attachment second = hub.attach(B);
    assertThat(first.closed()).isTrue();
    hub.detach(first);
    assertThat(hub.isAttached(B)).isTrue();
    hub.detach(second);
    assertThat(hub.isAttached(B)).isFalse();
  }
}
