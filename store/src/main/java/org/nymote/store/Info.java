package org.nymote.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Who made a commit, when, and why. {@code device} names the replica (it becomes the Git author and
 * committer name); {@code time} has the precision Git keeps, whole seconds, once committed.
 */
public record Info(String device, Instant time, String message) {
  public Info {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(message, "message");
    if (device.isBlank() || device.chars().anyMatch(c -> c == '<' || c == '>' || c == '\n')) {
      throw new IllegalArgumentException("device name must be non-blank without <, > or newline");
    }
  }

  /** Info for now. */
  public static Info now(String device, String message) {
    return new Info(device, Instant.now(), message);
  }
}
