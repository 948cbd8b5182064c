package org.nymote.signpost.zone;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nymote.store.Path;
import org.nymote.store.Tree;
import org.nymote.store.types.Counter;
import org.nymote.store.types.JsonRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The zone as read from one tree of the user's store: its name, serial, devices and the user's
 * records. A value that does not decode is left out (and logged), never fatal: one bad record must
 * not take the whole zone down.
 */
public record ZoneData(
    Name origin, long serial, List<DeviceEntry> devices, List<ZoneRecord> records) {
  public static final long DEFAULT_TTL = 300;
  private static final Logger LOG = LoggerFactory.getLogger(ZoneData.class);

  public ZoneData {
    if (!origin.isAbsolute()) {
      throw new IllegalArgumentException("the zone name must be absolute: " + origin);
    }
    devices = List.copyOf(devices);
    records = List.copyOf(records);
  }

  /** This zone with {@code device}'s entry in place of the stored one (or added). */
  public ZoneData withDevice(DeviceEntry device) {
    List<DeviceEntry> next = new ArrayList<>();
    for (DeviceEntry d : devices) {
      if (!d.label().equals(device.label())) {
        next.add(d);
      }
    }
    next.add(device);
    return new ZoneData(origin, serial, next, records);
  }

  /** This device's entry as stored, if there is one that decodes. */
  public java.util.Optional<DeviceEntry> device(String label) {
    return devices.stream().filter(d -> d.label().equals(label)).findFirst();
  }

  /** Reads the zone from {@code tree}; {@code defaultOrigin} names it unless a domain is set. */
  public static ZoneData read(Tree tree, Name defaultOrigin) {
    Name origin = domain(tree).orElse(defaultOrigin);
    long serial = tree.find(ZonePaths.SERIAL, Counter.CONTENTS).orElse(0L);
    List<DeviceEntry> devices = new ArrayList<>();
    for (Path p : tree.paths(ZonePaths.DEVICES)) {
      decode(tree, p)
          .map(r -> {
            try {
              return DeviceEntry.fromJson(r);
            } catch (IllegalArgumentException e) {
              LOG.warn("zone: skipping {}: {}", p, e.getMessage());
              return null;
            }
          })
          .ifPresent(devices::add);
    }
    List<ZoneRecord> records = new ArrayList<>();
    for (Path p : tree.paths(ZonePaths.RECORDS)) {
      decode(tree, p)
          .map(r -> {
            try {
              ZoneRecord z = ZoneRecord.fromJson(r);
              z.toRecord(origin);
              return z;
            } catch (IllegalArgumentException e) {
              LOG.warn("zone: skipping {}: {}", p, e.getMessage());
              return null;
            }
          })
          .ifPresent(records::add);
    }
    return new ZoneData(origin, serial & 0xffffffffL, devices, records);
  }

  /** The domain set in the settings, if any and valid. */
  public static Optional<Name> domain(Tree tree) {
    return decode(tree, ZonePaths.SETTINGS)
        .flatMap(r -> r.find("domain"))
        .filter(n -> n.isTextual() && !n.asText().isBlank())
        .flatMap(n -> {
          try {
            return Optional.of(absolute(n.asText()));
          } catch (IllegalArgumentException e) {
            LOG.warn("zone: ignoring the domain setting: {}", e.getMessage());
            return Optional.empty();
          }
        });
  }

  /** {@code text} as an absolute, lower-case name; throws if it is not a valid domain name. */
  public static Name absolute(String text) {
    try {
      String t = text.strip().toLowerCase(java.util.Locale.ROOT);
      Name n = Name.fromString(t.endsWith(".") ? t : t + ".");
      if (n.labels() < 2) {
        throw new IllegalArgumentException("the zone name cannot be the root");
      }
      return n;
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a domain name: " + text + ": " + e.getMessage(), e);
    }
  }

  private static Optional<JsonRecord> decode(Tree tree, Path p) {
    try {
      return tree.find(p, JsonRecord.CONTENTS);
    } catch (IllegalArgumentException e) {
      LOG.warn("zone: skipping {}: {}", p, e.getMessage());
      return Optional.empty();
    }
  }
}
