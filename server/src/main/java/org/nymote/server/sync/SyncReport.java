package org.nymote.server.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What syncing one user's store did, remote by remote; the body of {@code POST /git/USER/sync} as
 * JSON, and what {@code nymote sync} prints.
 */
public record SyncReport(String user, List<SyncReport.RemoteResult> remotes) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One remote: {@code error} is empty when the sync went through; {@code branches} maps each
   * branch to what happened to it (see {@link org.nymote.store.sync.Sync.Outcome}); {@code
   * conflicts} counts the values settled by keeping both sides.
   */
  public record RemoteResult(
      String remote,
      Optional<String> error,
      int rounds,
      Map<String, List<String>> branches,
      int conflicts) {
    public boolean ok() {
      return error.isEmpty();
    }

    /** One line for people: {@code b: ok, main merged pushed} or {@code b: failed: why}. */
    public String describe() {
      if (error.isPresent()) {
        return remote + ": failed: " + error.get();
      }
      StringBuilder out = new StringBuilder(remote + ": ok");
      branches.forEach((b, outcomes) -> out.append(", ")
          .append(b)
          .append(' ')
          .append(String.join(" ", outcomes).toLowerCase(java.util.Locale.ROOT)));
      if (conflicts > 0) {
        out.append(", ").append(conflicts).append(" conflicts kept both sides");
      }
      return out.toString();
    }
  }

  public boolean ok() {
    return remotes.stream().allMatch(RemoteResult::ok);
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode().put("user", user).put("ok", ok());
    ArrayNode list = root.putArray("remotes");
    for (RemoteResult r : remotes) {
      ObjectNode n = list.addObject().put("remote", r.remote()).put("ok", r.ok());
      r.error().ifPresent(e -> n.put("error", e));
      n.put("rounds", r.rounds()).put("conflicts", r.conflicts());
      ObjectNode branches = n.putObject("branches");
      r.branches().forEach((b, o) -> o.forEach(branches.withArray(b)::add));
    }
    return root.toString() + "\n";
  }

  public static SyncReport fromJson(String text) throws IOException {
    JsonNode root = JSON.readTree(text);
    List<RemoteResult> remotes = new ArrayList<>();
    for (JsonNode n : root.path("remotes")) {
      Map<String, List<String>> branches = new LinkedHashMap<>();
      n.path("branches").properties().forEach(e -> {
        List<String> o = new ArrayList<>();
        e.getValue().forEach(v -> o.add(v.asText()));
        branches.put(e.getKey(), o);
      });
      remotes.add(new RemoteResult(
          n.path("remote").asText(),
          n.hasNonNull("error") ? Optional.of(n.get("error").asText()) : Optional.empty(),
          n.path("rounds").asInt(),
          branches,
          n.path("conflicts").asInt()));
    }
    return new SyncReport(root.path("user").asText(), remotes);
  }
}
