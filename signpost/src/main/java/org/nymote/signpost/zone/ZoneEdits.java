package org.nymote.signpost.zone;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.nymote.store.Path;
import org.nymote.store.Tree;
import org.nymote.store.types.Counter;
import org.nymote.store.types.JsonRecord;

/**
 * Changes to the zone, as pure functions of a tree for {@code Branch.update}: each changes what it
 * says and increments the serial in the same commit, or returns the tree unchanged when there is
 * nothing to change (so the serial moves on every change, and only then).
 */
public final class ZoneEdits {
  private ZoneEdits() {}

  /** Writes this device's entry (only the device itself should call this with its label). */
  public static UnaryOperator<Tree> publish(DeviceEntry entry) {
    Path path = ZonePaths.device(entry.label());
    return tree -> {
      Optional<DeviceEntry> now = find(tree, path).map(DeviceEntry::fromJsonOrNull);
      if (now.isPresent() && now.get().equals(entry)) {
        return tree;
      }
      return bump(tree.with(path, JsonRecord.CONTENTS, entry.toJson()));
    };
  }

  /** Adds a record (validated against {@code origin} by the caller); no-op if it is there. */
  public static UnaryOperator<Tree> add(ZoneRecord record) {
    Path path = ZonePaths.record(record.id());
    return tree ->
        tree.hasValue(path) ? tree : bump(tree.with(path, JsonRecord.CONTENTS, record.toJson()));
  }

  /** Removes the records with this owner and type, and this data unless {@code data} is empty. */
  public static UnaryOperator<Tree> remove(String name, String type, Optional<String> data) {
    return tree -> {
      Tree next = tree;
      for (Path p : tree.paths(ZonePaths.RECORDS)) {
        Optional<ZoneRecord> r = find(tree, p).map(ZoneEdits::recordOrNull);
        if (r.isPresent()
            && r.get().name().equalsIgnoreCase(name)
            && r.get().type().equalsIgnoreCase(type)
            && data.map(d -> d.equals(r.get().data())).orElse(true)) {
          next = next.without(p);
        }
      }
      return next == tree ? tree : bump(next);
    };
  }

  /** Sets the zone's domain (validated), or the default when {@code domain} is empty. */
  public static UnaryOperator<Tree> setDomain(Optional<String> domain) {
    domain.ifPresent(ZoneData::absolute);
    return tree -> {
      JsonRecord settings = find(tree, ZonePaths.SETTINGS).orElse(JsonRecord.empty());
      JsonRecord next = domain
          .map(d -> settings.with("domain", TextNode.valueOf(d.strip())))
          .orElse(settings.without("domain"));
      return next.equals(settings)
          ? tree
          : bump(tree.with(ZonePaths.SETTINGS, JsonRecord.CONTENTS, next));
    };
  }

  /**
   * Increments the serial alone: for a change made under {@link ZonePaths#ROOT} by other means
   * (the REST API, a Git push) that left the serial where it was.
   */
  public static UnaryOperator<Tree> bumpSerial() {
    return ZoneEdits::bump;
  }

  private static Tree bump(Tree tree) {
    long serial = tree.find(ZonePaths.SERIAL, Counter.CONTENTS).orElse(0L);
    return tree.with(ZonePaths.SERIAL, Counter.CONTENTS, serial + 1);
  }

  private static Optional<JsonRecord> find(Tree tree, Path path) {
    try {
      return tree.find(path, JsonRecord.CONTENTS);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static ZoneRecord recordOrNull(JsonRecord r) {
    try {
      return ZoneRecord.fromJson(r);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
