package org.nymote.server.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nymote.server.files.PrivateFiles;

/**
 * The remotes of one user's store, in a JSON file only its owner may read (0600), because it holds
 * the passwords for the remotes: {@code {"NAME": {"url": ..., "user": ..., "password": ...}}};
 * a device remote has {@code "device": true}, and may have {@code "via": [RELAY, ...]} and
 * {@code "relay": true} (see {@link Remote}).
 * Read afresh on every call, so a running server sees {@code nymote remote add} at once; writes
 * replace the file atomically. Not safe against two writers at once (one person's command line).
 */
public final class Remotes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  public Remotes(Path file) {
    this.file = file;
  }

  /** Every remote, sorted by name. */
  public List<Remote> list() throws IOException {
    List<Remote> out = new ArrayList<>();
    read().properties().forEach(e -> out.add(remote(e.getKey(), e.getValue())));
    out.sort(java.util.Comparator.comparing(Remote::name));
    return out;
  }

  public Optional<Remote> find(String name) throws IOException {
    JsonNode node = read().get(name);
    return node == null ? Optional.empty() : Optional.of(remote(name, node));
  }

  /** Adds {@code remote}, or replaces the one of that name; true if it was new. */
  public boolean put(Remote remote) throws IOException {
    ObjectNode all = read();
    ObjectNode node = JSON.createObjectNode().put("url", remote.url());
    remote.user().ifPresent(u -> node.put("user", u));
    remote.password().ifPresent(p -> node.put("password", p));
    if (remote.device()) {
      node.put("device", true);
    }
    if (!remote.via().isEmpty()) {
      remote.via().forEach(node.putArray("via")::add);
    }
    if (remote.relay()) {
      node.put("relay", true);
    }
    boolean added = all.replace(remote.name(), node) == null;
    write(all);
    return added;
  }

  /** Removes the remote of that name; false if there was none. */
  public boolean remove(String name) throws IOException {
    ObjectNode all = read();
    if (all.remove(name) == null) {
      return false;
    }
    write(all);
    return true;
  }

  private ObjectNode read() throws IOException {
    if (!Files.exists(file)) {
      return JSON.createObjectNode();
    }
    try {
      if (JSON.readTree(Files.readString(file, StandardCharsets.UTF_8)) instanceof ObjectNode o) {
        return o;
      }
    } catch (JsonProcessingException e) {
      // said below, without the content: it holds passwords
    }
    throw new IOException(file + " is not a remotes file (a JSON object); fix or delete it");
  }

  private void write(ObjectNode all) throws IOException {
    PrivateFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
  }

  private Remote remote(String name, JsonNode node) {
    try {
      return new Remote(
          name,
          node.path("url").asText(),
          text(node, "user"),
          text(node, "password"),
          node.path("device").asBoolean(false),
          via(node),
          node.path("relay").asBoolean(false));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("remote '" + name + "' in " + file + ": " + e.getMessage());
    }
  }

  private static List<String> via(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.path("via").forEach(v -> out.add(v.asText()));
    return out;
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }
}
