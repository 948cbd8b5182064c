package org.nymote.signpost.dns;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nymote.signpost.zone.SignedZone;
import org.xbill.DNS.Name;

/**
 * The zones a server is authoritative for, replaced whole when one changes (copy on write), so a
 * query reads one consistent set without locks. Thread-safe.
 */
public final class ZoneSet {
  private volatile Map<Name, SignedZone> zones = Map.of();

  /** Puts {@code zone} in, replacing the zone of the same name, and any under {@code replaces}. */
  public synchronized void put(Optional<Name> replaces, SignedZone zone) {
    Map<Name, SignedZone> next = new HashMap<>(zones);
    replaces.ifPresent(next::remove);
    next.put(zone.origin(), zone);
    zones = Map.copyOf(next);
  }

  public synchronized void remove(Name origin) {
    Map<Name, SignedZone> next = new HashMap<>(zones);
    next.remove(origin);
    zones = Map.copyOf(next);
  }

  /**
   * A token that changes whenever the set does (compared by identity): what was answered under
   * one generation may be answered again only under the same.
   */
  public Object generation() {
    return zones;
  }

  /** The zone {@code qname} is in: the one with the longest name that {@code qname} ends with. */
  public Optional<SignedZone> find(Name qname) {
    Map<Name, SignedZone> now = zones;
    for (int strip = 0; strip < qname.labels(); strip++) {
      SignedZone z = now.get(strip == 0 ? qname : new Name(qname, strip));
      if (z != null) {
        return Optional.of(z);
      }
    }
    return Optional.empty();
  }

  public List<Name> names() {
    return zones.keySet().stream().sorted().toList();
  }
}
