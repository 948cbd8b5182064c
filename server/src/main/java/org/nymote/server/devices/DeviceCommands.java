package org.nymote.server.devices;

import org.nymote.store.Repo;

/** What the device commands print, the same whether asked of a store or of a running serve. */
public final class DeviceCommands {
  private DeviceCommands() {}

  /** One line per device: name, fingerprint, {@code active} or {@code revoked}. */
  public static String listing(Repo repo) {
    var out = new StringBuilder();
    for (var d : DeviceRegistry.list(repo)) {
      out.append(d.name())
          .append(' ')
          .append(d.fingerprint())
          .append(' ')
          .append(d.revoked() ? "revoked" : "active")
          .append('\n');
    }
    return out.toString();
  }
}
