package org.nymote.server.dns;

import java.time.Instant;
import java.util.Optional;
import org.nymote.signpost.dns.ZoneSet;
import org.nymote.signpost.zone.DeviceEntry;
import org.nymote.signpost.zone.SignedZone;
import org.nymote.signpost.zone.ZoneBuilder;
import org.nymote.signpost.zone.ZoneData;
import org.nymote.signpost.zone.ZoneEdits;
import org.nymote.signpost.zone.ZoneKey;
import org.nymote.signpost.zone.ZonePaths;
import org.nymote.store.Branch;
import org.nymote.store.Info;
import org.nymote.store.Watch;
import org.nymote.store.WatchEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * One user's zone on this device: publishes the device's entry into the user's store, signs the
 * zone from the store's {@code main} branch, and signs it again whenever something under {@link
 * ZonePaths#ROOT} changes (locally, over REST, or merged in by sync) and when its signatures are
 * half way to expiry. Thread-safe.
 */
final class UserZone implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UserZone.class);

  private final Branch branch;
  private final Name defaultOrigin;
  private final ZoneKey key;
  private final ZoneSet zones;
  private final String device;
  private SignedZone current;
  private Watch watch;

  UserZone(Branch branch, Name defaultOrigin, ZoneKey key, ZoneSet zones, String device) {
    this.branch = branch;
    this.defaultOrigin = defaultOrigin;
    this.key = key;
    this.zones = zones;
    this.device = device;
  }

  /** Publishes {@code entry}, signs and serves the zone, and follows changes from now on. */
  synchronized void start(DeviceEntry entry) {
    publish(entry);
    watch = branch.watch(ZonePaths.ROOT, this::changed);
    sign();
  }

  /**
   * Signs the changed zone; a change that left the serial where it was (one made over REST or by
   * a Git push) gets the serial moved first, by a commit of its own, which signs in turn.
   */
  private void changed(WatchEvent event) {
    boolean serialMoved = event.changes().stream().anyMatch(c -> c.path().equals(ZonePaths.SERIAL));
    if (!serialMoved) {
      try {
        branch.update(Info.now(device, "zone: move the serial"), ZoneEdits.bumpSerial());
        return;
      } catch (RuntimeException e) {
        LOG.warn("zone {}: cannot move the serial: {}", defaultOrigin, e.toString());
      }
    }
    sign();
  }

  /** Writes this device's entry if it changed (one commit, which moves the serial). */
  void publish(DeviceEntry entry) {
    branch.update(
        Info.now(device, "zone: publish device " + entry.label()), ZoneEdits.publish(entry));
  }

  /** Signs the zone from the branch's head now and serves it in place of the last one. */
  synchronized void sign() {
    try {
      SignedZone next =
          ZoneBuilder.build(ZoneData.read(branch.tree(), defaultOrigin), key, Instant.now());
      zones.put(Optional.ofNullable(current).map(SignedZone::origin), next);
      current = next;
    } catch (RuntimeException e) {
      LOG.error("zone {}: cannot sign it; still serving the last one", defaultOrigin, e);
    }
  }

  /** Signs again if half the signatures' validity has passed. */
  synchronized void refresh(Instant now) {
    if (current == null
        || now.isAfter(current.expires().minus(ZoneBuilder.VALIDITY.dividedBy(2)))) {
      sign();
    }
  }

  synchronized SignedZone current() {
    return current;
  }

  @Override
  public synchronized void close() {
    if (watch != null) {
      watch.close();
    }
    if (current != null) {
      zones.remove(current.origin());
    }
  }
}
