package org.nymote.signpost.dns;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * One packet in, one packet out (or none): parses a query, asks the {@link Authority}, and encodes
 * the response within the transport's limit. Over UDP that is 512 bytes, or the EDNS payload size
 * the client offers up to {@link Authority#MAX_UDP_PAYLOAD} (RFC 6891); a response that does not
 * fit is cut to whole RRsets with TC set (RFC 2181 section 9), so the client asks again over TCP.
 * What is not a query (shorter than a header, or with QR set) is dropped; a query that does not
 * parse gets FORMERR. Never throws. Thread-safe.
 *
 * <p>Answers are cached by the exact bytes of the query after its id, and the transport: the same
 * bytes under the same {@link Authority#generation zones} get the same response, with the query's
 * id put in. At most {@link #CACHE_ENTRIES} are kept.
 */
public final class QueryHandler {
  public static final int CLASSIC_UDP = 512;
  public static final int MAX_TCP = 65535;
  public static final int CACHE_ENTRIES = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(QueryHandler.class);

  private final Authority authority;
  private final ConcurrentHashMap<ByteBuffer, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Object generation, byte[] response) {}

  public QueryHandler(Authority authority) {
    this.authority = authority;
  }

  /** The response to {@code length} bytes of {@code packet}, or empty to send nothing. */
  public Optional<byte[]> handle(byte[] packet, int length, boolean udp) {
    if (length < Header.LENGTH || (packet[2] & 0x80) != 0) {
      return Optional.empty();
    }
    Object generation = authority.generation();
    ByteBuffer key = key(packet, length, udp);
    Cached hit = cache.get(key);
    if (hit != null && hit.generation() == generation) {
      byte[] out = hit.response().clone();
      out[0] = packet[0];
      out[1] = packet[1];
      return Optional.of(out);
    }
    Message query;
    try {
      query = new Message(Arrays.copyOf(packet, length));
    } catch (IOException | RuntimeException e) {
      return Optional.of(formerr(packet));
    }
    try {
      Message response = authority.answer(query);
      byte[] out = response.toWire(udp ? udpLimit(query) : MAX_TCP);
      if (cache.size() >= CACHE_ENTRIES) {
        cache.clear();
      }
      cache.put(key, new Cached(generation, out.clone()));
      return Optional.of(out);
    } catch (RuntimeException e) {
      LOG.warn("dns: failed to answer {}: {}", query.getQuestion(), e.toString());
      return Optional.of(status(packet, Rcode.SERVFAIL));
    }
  }

  /** A truncated empty response (TC set): the answer rate limiting sends instead of dropping. */
  public static byte[] slip(byte[] packet, int length) {
    try {
      Message query = new Message(Arrays.copyOf(packet, length));
      Message r = new Message(query.getHeader().getID());
      r.getHeader().setFlag(Flags.QR);
      r.getHeader().setFlag(Flags.TC);
      if (query.getQuestion() != null) {
        r.addRecord(query.getQuestion(), Section.QUESTION);
      }
      return r.toWire();
    } catch (IOException | RuntimeException e) {
      return formerr(packet);
    }
  }

  /** The query's bytes after the id, and the transport. */
  private static ByteBuffer key(byte[] packet, int length, boolean udp) {
    byte[] k = Arrays.copyOfRange(packet, 1, length);
    k[0] = (byte) (udp ? 1 : 0); // in place of the id's second byte
    return ByteBuffer.wrap(k);
  }

  private static int udpLimit(Message query) {
    OPTRecord opt = query.getOPT();
    if (opt == null) {
      return CLASSIC_UDP;
    }
    return Math.clamp(opt.getPayloadSize(), CLASSIC_UDP, Authority.MAX_UDP_PAYLOAD);
  }

  private static byte[] formerr(byte[] packet) {
    return status(packet, Rcode.FORMERR);
  }

  /** A bare response to the header in {@code packet}: its id and opcode, this status. */
  private static byte[] status(byte[] packet, int rcode) {
    int id = ((packet[0] & 0xff) << 8) | (packet[1] & 0xff);
    Message r = new Message(id);
    r.getHeader().setFlag(Flags.QR);
    r.getHeader().setOpcode((packet[2] >> 3) & 0xf);
    r.getHeader().setRcode(rcode);
    return r.toWire();
  }
}
