package org.nymote.server.rest;

import java.util.List;
import java.util.Locale;
import org.nymote.store.Change;

/** One change between two trees, as JSON: ids are blob ids, null where the value is absent. */
record ChangeJson(String path, String kind, String before, String after) {
  static ChangeJson of(Change change) {
    return new ChangeJson(
        change.path().toString(),
        change.kind().name().toLowerCase(Locale.ROOT),
        change.before().map(Ids::name).orElse(null),
        change.after().map(Ids::name).orElse(null));
  }

  static List<ChangeJson> of(List<Change> changes) {
    return changes.stream().map(ChangeJson::of).toList();
  }
}
