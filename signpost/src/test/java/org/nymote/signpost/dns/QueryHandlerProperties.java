package org.nymote.signpost.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Fuzzing the packet handler: random bytes, mangled and cut-off real queries, compression
 * pointer loops, oversized labels. Whatever comes in, it never throws; what it sends back is a
 * well-formed response to the same id, FORMERR when the query did not parse.
 */
class QueryHandlerProperties {
  private static final QueryHandler HANDLER = new QueryHandler(new Authority(TestZone.zones()));

  @Property(tries = 2000)
  void randomBytesGetFormerrOrNothingAndNeverAnException(
      @ForAll @Size(max = 700) byte[] packet, @ForAll boolean udp) throws IOException {
    Optional<byte[]> out = HANDLER.handle(packet, packet.length, udp);
    if (packet.length < 12 || (packet[2] & 0x80) != 0) {
      assertThat(out).isEmpty();
      return;
    }
    Message response = new Message(out.orElseThrow());
    assertThat(response.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(response.getHeader().getID())
        .isEqualTo(((packet[0] & 0xff) << 8) | (packet[1] & 0xff));
    if (!parses(packet)) {
      assertThat(response.getRcode()).isEqualTo(Rcode.FORMERR);
    }
  }

  @Property(tries = 2000)
  void mangledAndTruncatedQueriesNeverThrow(
      @ForAll("queries") byte[] query,
      @ForAll @IntRange(min = 0, max = 80) int at,
      @ForAll byte value,
      @ForAll @IntRange(min = 0, max = 80) int cut)
      throws IOException {
    byte[] packet = query.clone();
    packet[Math.min(at, packet.length - 1)] = value;
    int length = Math.max(0, packet.length - cut % packet.length);
    Optional<byte[]> out = HANDLER.handle(packet, length, true);
    if (out.isPresent()) {
      Message response = new Message(out.get());
      assertThat(response.getHeader().getFlag(Flags.QR)).isTrue();
      assertThat(out.get().length).isLessThanOrEqualTo(Authority.MAX_UDP_PAYLOAD);
    }
  }

  @Provide
  Arbitrary<byte[]> queries() {
    Arbitrary<String> names = Arbitraries.of(
        "example.test.",
        "laptop.example.test.",
        "big.example.test.",
        "nope.example.test.",
        "_imaps._tcp.example.test.",
        "example.com.",
        "a.b.c.d.example.test.");
    Arbitrary<Integer> types = Arbitraries.of(
        Type.A,
        Type.AAAA,
        Type.TXT,
        Type.SRV,
        Type.SOA,
        Type.NS,
        Type.ANY,
        Type.DNSKEY,
        Type.AXFR,
        Type.RRSIG,
        Type.NSEC,
        Type.MX);
    return net.jqwik.api.Combinators.combine(names, types, Arbitraries.of(true, false))
        .as((n, t, edns) -> query(n, t, edns).toWire());
  }

  @Example
  void aCompressionPointerLoopIsFormerr() throws IOException {
    byte[] packet = header(1);
    packet = Arrays.copyOf(packet, 12 + 6);
    packet[12] = (byte) 0xc0; // the question's name points at itself
    packet[13] = 12;
    packet[15] = 1;
    packet[17] = 1;
    assertThat(new Message(HANDLER.handle(packet, packet.length, true).orElseThrow()).getRcode())
        .isEqualTo(Rcode.FORMERR);
  }

  @Example
  void aPointerPastTheEndAndAnOversizedLabelAreFormerr() throws IOException {
    byte[] past = Arrays.copyOf(header(1), 18);
    past[12] = (byte) 0xc1;
    past[13] = (byte) 0xff;
    byte[] label = Arrays.copyOf(header(1), 12 + 70);
    label[12] = 64; // labels are at most 63 bytes
    for (byte[] p : new byte[][] {past, label}) {
      assertThat(new Message(HANDLER.handle(p, p.length, true).orElseThrow()).getRcode())
          .isEqualTo(Rcode.FORMERR);
    }
  }

  @Example
  void aShortHeaderOrAResponseIsDropped() {
    byte[] response = query("example.test.", Type.A, false).toWire();
    response[2] |= (byte) 0x80;
    assertThat(HANDLER.handle(new byte[11], 11, true)).isEmpty();
    assertThat(HANDLER.handle(response, response.length, true)).isEmpty();
  }

  @Example
  void anAnswerTooBigFor512BytesIsTruncatedOverUdpAndWholeOverTcp() throws IOException {
    byte[] plain = query("big.example.test.", Type.TXT, false).toWire();
    Message udp = new Message(HANDLER.handle(plain, plain.length, true).orElseThrow());
    Message tcp = new Message(HANDLER.handle(plain, plain.length, false).orElseThrow());

    assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(udp.toWire().length).isLessThanOrEqualTo(512);
    assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(tcp.getSection(Section.ANSWER)).hasSize(12);
  }

  @Example
  void twoQuestionsAreFormerrAndOtherOpcodesNotImplemented() throws IOException {
    Message two = query("example.test.", Type.A, false);
    two.addRecord(
        Record.newRecord(Name.fromString("x.example.test."), Type.A, DClass.IN), Section.QUESTION);
    Message update = query("example.test.", Type.A, false);
    update.getHeader().setOpcode(org.xbill.DNS.Opcode.UPDATE);
    byte[] a = two.toWire();
    byte[] b = update.toWire();
    assertThat(new Message(HANDLER.handle(a, a.length, true).orElseThrow()).getRcode())
        .isEqualTo(Rcode.FORMERR);
    assertThat(new Message(HANDLER.handle(b, b.length, true).orElseThrow()).getRcode())
        .isEqualTo(Rcode.NOTIMP);
  }

  private static Message query(String name, int type, boolean edns) {
    try {
      Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
      if (edns) {
        q.addRecord(new OPTRecord(4096, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
      }
      return q;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] header(int qdcount) {
    byte[] h = new byte[12];
    h[0] = 0x12;
    h[1] = 0x34;
    h[5] = (byte) qdcount;
    return h;
  }

  private static boolean parses(byte[] packet) {
    try {
      new Message(packet);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
