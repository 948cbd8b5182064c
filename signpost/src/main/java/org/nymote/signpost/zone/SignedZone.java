package org.nymote.signpost.zone;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A zone ready to serve: every RRset with its signatures, and the NSEC chain, in canonical order
 * (RFC 4034 section 6.1). Made by {@link ZoneBuilder}; immutable once made, so any number of
 * threads may read it. Callers must not change the RRsets it hands out.
 */
public final class SignedZone {
  private final Name origin;
  private final long serial;
  private final NavigableMap<Name, Map<Integer, RRset>> nodes;
  private final Instant expires;

  SignedZone(
      Name origin, long serial, NavigableMap<Name, Map<Integer, RRset>> nodes, Instant expires) {
    this.origin = origin;
    this.serial = serial;
    this.nodes = Collections.unmodifiableNavigableMap(nodes);
    this.expires = expires;
  }

  public Name origin() {
    return origin;
  }

  public long serial() {
    return serial;
  }

  /** When the earliest signature expires: sign again well before. */
  public Instant expires() {
    return expires;
  }

  /** The RRsets at {@code name} by type; empty if the name has no records. */
  public Optional<Map<Integer, RRset>> node(Name name) {
    return Optional.ofNullable(nodes.get(name));
  }

  public Optional<RRset> find(Name name, int type) {
    return node(name).map(n -> n.get(type));
  }

  public RRset soa() {
    return find(origin, Type.SOA).orElseThrow();
  }

  /** Whether {@code name} has no records but names below it do (an empty non-terminal). */
  public boolean isEmptyNonTerminal(Name name) {
    Name after = nodes.higherKey(name);
    return !nodes.containsKey(name) && after != null && after.subdomain(name);
  }

  /** The NSEC RRset whose owner comes last before or at {@code name}: it covers {@code name}. */
  public RRset covering(Name name) {
    var e = nodes.floorEntry(name);
    return (e == null ? nodes.lastEntry() : e).getValue().get(Type.NSEC);
  }

  /** The longest ancestor of {@code name} in the zone that exists (as a node or non-terminal). */
  public Name closestEncloser(Name name) {
    for (int strip = 1; strip < name.labels() - origin.labels() + 1; strip++) {
      Name up = new Name(name, strip);
      if (nodes.containsKey(up) || isEmptyNonTerminal(up)) {
        return up;
      }
    }
    return origin;
  }

  /** Every record, signatures included, in canonical order: for zone files and checks. */
  public List<Record> records() {
    List<Record> out = new ArrayList<>();
    for (Map<Integer, RRset> node : nodes.values()) {
      for (RRset s : node.values()) {
        out.addAll(s.rrs(false));
        out.addAll(s.sigs());
      }
    }
    return out;
  }

  /** The zone in master-file format, signed. */
  public String toMasterFile() {
    StringBuilder b = new StringBuilder();
    for (Record r : records()) {
      if (r instanceof TXTRecord txt) { // dnsjava leaves strings without spaces unquoted
        b.append(r.getName()).append('\t').append(r.getTTL()).append("\tIN\tTXT");
        for (String s : txt.getStrings()) {
          b.append(" \"").append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        b.append('\n');
      } else {
        b.append(r).append('\n');
      }
    }
    return b.toString();
  }
}
