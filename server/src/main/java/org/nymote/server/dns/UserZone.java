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
import org.nymote.store.Tree;
import org.nymote.store.Watch;
import org.nymote.store.WatchEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * One user's zone on this device: keeps this device's entry in the user's store, signs the zone
 * from the store's {@code main} branch, and signs it again whenever something under {@link
 * ZonePaths#ROOT} changes (locally, over REST, or merged in by sync) and when its signatures are
 * half way to expiry.
 *
 * <p>This device's entry is written when the store already has a {@code main} branch (at start,
 * when the addresses change, or when the zone in the store changes and the entry there is missing
 * or stale); it never creates the branch, so an empty store stays empty for a first push or clone.
 * The served zone always shows this device's current entry, written yet or not. Thread-safe.
 */
final class UserZone implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UserZone.class);

  private final Branch branch;
  private final Name defaultOrigin;
  private final ZoneKey key;
  private final ZoneSet zones;
  private final String device;
  private volatile DeviceEntry own;
  private SignedZone current;
  private Watch watch;

  UserZone(Branch branch, Name defaultOrigin, ZoneKey key, ZoneSet zones, String device) {
    this.branch = branch;
    this.defaultOrigin = defaultOrigin;
    this.key = key;
    this.zones = zones;
    this.device = device;
  }

  /** Publishes {@code entry} (if the store has a branch), serves the zone, follows changes. */
  synchronized void start(DeviceEntry entry) {
    own = entry;
    if (branch.exists()) {
      write(entry);
    }
    watch = branch.watch(ZonePaths.ROOT, this::changed);
    sign();
  }

  /** This device's entry changed (its addresses): writes it if the store has a branch. */
  void publish(DeviceEntry entry) {
    own = entry;
    if (branch.exists()) {
      write(entry); // the watch signs again
    } else {
      sign();
    }
  }

  /**
   * Signs the changed zone. A change that left the serial where it was (one made over REST or by
   * a Git push) gets the serial moved first, by a commit of its own; a zone whose entry for this
   * device is missing or stale gets it written. Each such commit comes back here and signs.
   */
  private void changed(WatchEvent event) {
    try {
      boolean serialMoved =
          event.changes().stream().anyMatch(c -> c.path().equals(ZonePaths.SERIAL));
      if (!serialMoved) {
        branch.update(Info.now(device, "zone: move the serial"), ZoneEdits.bumpSerial());
        return;
      }
      DeviceEntry entry = own;
      if (!ZoneData.read(branch.tree(), defaultOrigin)
          .device(entry.label())
          .equals(Optional.of(entry))) {
        write(entry);
        return;
      }
    } catch (RuntimeException e) {
      LOG.warn("zone {}: cannot update the store: {}", defaultOrigin, e.toString());
    }
    sign();
  }

  private void write(DeviceEntry entry) {
    branch.update(
        Info.now(device, "zone: publish device " + entry.label()), ZoneEdits.publish(entry));
  }

  /** Signs the zone from the branch's head now and serves it in place of the last one. */
  synchronized void sign() {
    try {
      Tree tree = branch.tree();
      ZoneData data = ZoneData.read(tree, defaultOrigin).withDevice(own);
      SignedZone next = ZoneBuilder.build(data, key, Instant.now());
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
