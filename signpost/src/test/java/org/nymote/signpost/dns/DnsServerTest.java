package org.nymote.signpost.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The sockets and their limits: connections at once, idle time, lifetime. */
class DnsServerTest {
  private final InetAddress loopback = InetAddress.getLoopbackAddress();
  private final DnsServer server;

  DnsServerTest() throws IOException {
    server = DnsServer.start(
        new DnsServer.Config(
            loopback, 0, 2, Duration.ofMillis(700), Duration.ofMillis(1500), new RateLimiter(0, 2)),
        new QueryHandler(new Authority(TestZone.zones())));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void answersOverUdpAndTcpOnTheSamePort() throws Exception {
    byte[] query = query();
    try (var udp = new DatagramSocket()) {
      udp.setSoTimeout(5000);
      udp.send(new DatagramPacket(query, query.length, loopback, server.port()));
      var p = new DatagramPacket(new byte[1500], 1500);
      udp.receive(p);
      assertThat(new Message(java.util.Arrays.copyOf(p.getData(), p.getLength())).getRcode())
          .isEqualTo(Rcode.NOERROR);
    }
    try (var tcp = new Socket(loopback, server.port())) {
      assertThat(new Message(ask(tcp, query)).getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(new Message(ask(tcp, query)).getRcode())
          .as("a second query, same connection")
          .isEqualTo(Rcode.NOERROR);
    }
  }

  @Test
  void connectionsPastTheLimitAreClosedAtOnce() throws Exception {
    try (var a = new Socket(loopback, server.port());
        var b = new Socket(loopback, server.port())) {
      ask(a, query());
      ask(b, query());
      try (var c = new Socket(loopback, server.port())) {
        c.setSoTimeout(5000);
        assertThat(c.getInputStream().read()).isEqualTo(-1);
      }
    }
  }

  @Test
  void anIdleOrTricklingConnectionIsClosed() throws Exception {
    try (var idle = new Socket(loopback, server.port());
        var trickle = new Socket(loopback, server.port())) {
      idle.setSoTimeout(5000);
      trickle.setSoTimeout(200);
      long start = System.nanoTime();
      var out = trickle.getOutputStream();
      out.write(new byte[] {0, 40}); // promises 40 bytes, sends one every 400 ms
      boolean closed = false;
      for (int i = 0; i < 20 && !closed; i++) {
        try {
          out.write(0);
          out.flush();
          closed = trickle.getInputStream().read() == -1;
        } catch (java.net.SocketTimeoutException e) {
          Thread.sleep(200);
        } catch (IOException e) {
          closed = true;
        }
      }
      assertThat(closed).as("the trickling connection was closed").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
      assertThat(idle.getInputStream().read()).isEqualTo(-1);
    }
  }

  private static byte[] ask(Socket s, byte[] query) throws IOException {
    var out = new DataOutputStream(s.getOutputStream());
    out.writeShort(query.length);
    out.write(query);
    out.flush();
    var in = new DataInputStream(s.getInputStream());
    byte[] reply = new byte[in.readUnsignedShort()];
    in.readFully(reply);
    return reply;
  }

  private static byte[] query() throws IOException {
    return Message.newQuery(
            Record.newRecord(Name.fromString("laptop.example.test."), Type.A, DClass.IN))
        .toWire();
  }
}
