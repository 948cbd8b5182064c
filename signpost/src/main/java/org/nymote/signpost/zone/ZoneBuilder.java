package org.nymote.signpost.zone;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Makes the served zone from its data: SOA and NS at the apex, an A/AAAA per device at {@code
 * LABEL.ZONE}, SRV records for the services each device listens on (RFC 6186 for mail, RFC 6764
 * with its {@code path} TXT for CalDAV and CardDAV), MX for devices that take mail, the user's
 * records, a DNSKEY per device key, then the NSEC chain, and signs every RRset with this device's
 * key (each device signs with its own; the DNSKEY set holds every device's key, as in the
 * multi-signer model of RFC 8901). Pure: the same data, key and time give the same zone.
 */
public final class ZoneBuilder {
  public static final long DEVICE_TTL = 60;
  public static final long KEY_TTL = 3600;
  /** The SOA minimum: how long resolvers keep a negative answer (RFC 2308). */
  public static final long NEGATIVE_TTL = 300;
  /** How long a signature is valid; the server signs again after half of it. */
  public static final Duration VALIDITY = Duration.ofDays(14);
  /** How far back a signature's inception goes, for clocks that lag. */
  public static final Duration SKEW = Duration.ofHours(1);

  /** Service name (as {@code nymote serve} announces it) to SRV owner names. */
  static final Map<String, List<String>> SRV = Map.of(
      "imap", List.of("_imap._tcp"),
      "imaps", List.of("_imaps._tcp"),
      "submission", List.of("_submission._tcp"),
      "submissions", List.of("_submissions._tcp"),
      "https", List.of("_caldavs._tcp", "_carddavs._tcp"));

  private static final Map<String, String> DAV_PATHS =
      Map.of("_caldavs._tcp", "/.well-known/caldav", "_carddavs._tcp", "/.well-known/carddav");
  private static final Logger LOG = LoggerFactory.getLogger(ZoneBuilder.class);

  private ZoneBuilder() {}

  /** The zone of {@code data}, signed by {@code key} with signatures valid from {@code now}. */
  public static SignedZone build(ZoneData data, ZoneKey key, Instant now) {
    Name origin = data.origin();
    NavigableMap<Name, Map<Integer, RRset>> nodes = new TreeMap<>();
    apex(data, nodes);
    for (DeviceEntry d : data.devices()) {
      device(origin, d, nodes);
    }
    for (ZoneRecord z : data.records()) {
      Record r = z.toRecord(origin);
      Map<Integer, RRset> node = nodes.get(r.getName());
      boolean cname = r.getType() == Type.CNAME;
      if (node != null && (cname || node.containsKey(Type.CNAME))) {
        LOG.warn("zone {}: skipping {}: a CNAME cannot share its name", origin, z);
        continue;
      }
      add(nodes, r);
    }
    keys(data, key, nodes);
    nsec(origin, nodes);
    Instant expires = now.plus(VALIDITY);
    sign(origin, key, now.minus(SKEW), expires, nodes);
    return new SignedZone(origin, data.serial(), nodes, expires);
  }

  private static void apex(ZoneData data, NavigableMap<Name, Map<Integer, RRset>> nodes) {
    Name origin = data.origin();
    List<DeviceEntry> devices = data.devices().stream()
        .sorted(java.util.Comparator.comparing(DeviceEntry::label))
        .toList();
    Name primary = devices.isEmpty() ? origin : host(origin, devices.getFirst().label());
    add(
        nodes,
        new SOARecord(
            origin,
            DClass.IN,
            NEGATIVE_TTL,
            primary,
            name("hostmaster", origin),
            data.serial(),
            3600,
            600,
            1_209_600,
            NEGATIVE_TTL));
    if (devices.isEmpty()) {
      add(nodes, new NSRecord(origin, DClass.IN, KEY_TTL, origin));
    }
    for (DeviceEntry d : devices) {
      add(nodes, new NSRecord(origin, DClass.IN, KEY_TTL, host(origin, d.label())));
    }
  }

  private static void device(
      Name origin, DeviceEntry d, NavigableMap<Name, Map<Integer, RRset>> nodes) {
    Name host = host(origin, d.label());
    for (String a : d.addresses()) {
      try {
        InetAddress address = InetAddress.getByName(a);
        add(
            nodes,
            address.getAddress().length == 4
                ? new ARecord(host, DClass.IN, DEVICE_TTL, address)
                : new AAAARecord(host, DClass.IN, DEVICE_TTL, address));
      } catch (UnknownHostException e) {
        LOG.warn("zone {}: device {}: bad address {}", origin, d.label(), a);
      }
    }
    d.services().forEach((service, port) -> {
      for (String owner : SRV.getOrDefault(service, List.of())) {
        Name srv = name(owner, origin);
        add(nodes, new SRVRecord(srv, DClass.IN, ZoneData.DEFAULT_TTL, 0, 1, port, host));
        String path = DAV_PATHS.get(owner);
        if (path != null) {
          add(nodes, new TXTRecord(srv, DClass.IN, ZoneData.DEFAULT_TTL, "path=" + path));
        }
      }
      if (service.equals("smtp")) {
        add(nodes, new MXRecord(origin, DClass.IN, ZoneData.DEFAULT_TTL, 10, host));
      }
    });
  }

  private static void keys(
      ZoneData data, ZoneKey own, NavigableMap<Name, Map<Integer, RRset>> nodes) {
    Name origin = data.origin();
    add(nodes, own.dnskey(origin, KEY_TTL));
    for (DeviceEntry d : data.devices()) {
      if (d.dnskey().isEmpty()) {
        continue;
      }
      try {
        byte[] field = Base64.getDecoder().decode(d.dnskey());
        add(
            nodes,
            new DNSKEYRecord(
                origin, DClass.IN, KEY_TTL, ZoneKey.FLAGS, 3, ZoneKey.ALGORITHM, field));
      } catch (IllegalArgumentException e) {
        LOG.warn("zone {}: device {}: bad key", origin, d.label());
      }
    }
  }

  /** Links every name to the next in canonical order, the last back to the apex (RFC 4034 4). */
  private static void nsec(Name origin, NavigableMap<Name, Map<Integer, RRset>> nodes) {
    List<Name> names = new ArrayList<>(nodes.keySet());
    for (int i = 0; i < names.size(); i++) {
      Name owner = names.get(i);
      Name next = i + 1 < names.size() ? names.get(i + 1) : origin;
      List<Integer> types = new ArrayList<>(nodes.get(owner).keySet());
      types.add(Type.NSEC);
      types.add(Type.RRSIG);
      int[] bitmap = types.stream().mapToInt(Integer::intValue).toArray();
      add(nodes, new NSECRecord(owner, DClass.IN, NEGATIVE_TTL, next, bitmap));
    }
  }

  private static void sign(
      Name origin,
      ZoneKey key,
      Instant inception,
      Instant expiration,
      NavigableMap<Name, Map<Integer, RRset>> nodes) {
    DNSKEYRecord dnskey = key.dnskey(origin, KEY_TTL);
    for (Map<Integer, RRset> node : nodes.values()) {
      for (RRset set : node.values()) {
        try {
          set.addRR(DNSSEC.sign(set, dnskey, key.privateKey(), inception, expiration));
        } catch (DNSSEC.DNSSECException e) {
          throw new IllegalStateException("cannot sign " + set.getName() + ": " + e, e);
        }
      }
    }
  }

  private static void add(NavigableMap<Name, Map<Integer, RRset>> nodes, Record r) {
    RRset set = nodes
        .computeIfAbsent(r.getName(), n -> new TreeMap<>())
        .computeIfAbsent(r.getType(), t -> new RRset());
    if (set.size() > 0 && set.getTTL() != r.getTTL()) {
      // One TTL per RRset (RFC 2181 section 5.2): the set keeps its first.
      r = Record.newRecord(
          r.getName(), r.getType(), r.getDClass(), set.getTTL(), r.rdataToWireCanonical());
    }
    set.addRR(r);
  }

  /** {@code LABEL.ORIGIN}. */
  public static Name host(Name origin, String label) {
    return name(label, origin);
  }

  private static Name name(String relative, Name origin) {
    try {
      return Name.fromString(relative, origin);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("bad name " + relative + ": " + e.getMessage(), e);
    }
  }
}
