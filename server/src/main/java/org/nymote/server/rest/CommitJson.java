package org.nymote.server.rest;

import java.util.List;
import org.nymote.store.Commit;

/** A commit as JSON; {@code time} in ISO 8601 (UTC), whole seconds as Git keeps them. */
record CommitJson(
    String id, List<String> parents, String tree, String device, String time, String message) {
  static CommitJson of(Commit c) {
    return new CommitJson(
        Ids.name(c.id()),
        c.parents().stream().map(Ids::name).toList(),
        Ids.name(c.treeId()),
        c.info().device(),
        c.info().time().toString(),
        c.info().message());
  }
}
