package org.nymote.server.rest;

import java.util.List;
import java.util.Map;
import org.nymote.store.Conflict;

/** A path a merge or revert could not settle, as the {@code conflicts} member of a problem. */
record ConflictJson(String path, String reason) {
  static RestException problem(ProblemType type, String detail, List<Conflict> conflicts) {
    List<ConflictJson> json = conflicts.stream()
        .map(c -> new ConflictJson(c.path().toString(), c.reason()))
        .toList();
    return new RestException(type, detail, Map.of("conflicts", json), List.of());
  }
}
