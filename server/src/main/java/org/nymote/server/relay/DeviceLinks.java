package org.nymote.server.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nymote.server.devices.DeviceCaller;
import org.nymote.server.devices.DeviceIdentity;
import org.nymote.server.stores.Stores;
import org.nymote.server.sync.Remote;
import org.nymote.server.sync.Remotes;
import org.nymote.signpost.identity.DeviceName;

/**
 * How a device remote is reached: directly when its address answers within {@link
 * #DIRECT_TIMEOUT}, else through each relay its {@code via} names, in order. The rule is that
 * simple on purpose: the first path that connects is used for the whole sync.
 */
public final class DeviceLinks {
  /** How long the direct address gets to accept a TCP connection. */
  public static final Duration DIRECT_TIMEOUT = Duration.ofSeconds(2);

  private DeviceLinks() {}

  /** Whether {@code url}'s host and port accept a TCP connection within {@link #DIRECT_TIMEOUT}. */
  public static boolean reachable(URI url) {
    String host = url.getHost().replaceAll("^\\[|\\]$", "");
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, url.getPort() < 0 ? 443 : url.getPort()), (int)
          DIRECT_TIMEOUT.toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A client of the relay {@code relay} (a device remote), pinned to that device. */
  public static RelayClient client(Remote relay, DeviceIdentity identity, Stores stores) {
    return new RelayClient(
        URI.create(relay.url()),
        identity,
        DeviceCaller.pinned(identity, stores, new DeviceName(relay.name())));
  }

  /** The relays {@code remote} names in {@code via}, as clients; an unknown name is an error. */
  public static List<RelayClient> via(
      Remote remote, Remotes remotes, DeviceIdentity identity, Stores stores) throws IOException {
    List<RelayClient> out = new ArrayList<>();
    for (String name : remote.via()) {
      Optional<Remote> relay = remotes.find(name);
      if (relay.isEmpty() || !relay.get().device()) {
        throw new IOException("remote " + remote.name() + " is reached via '" + name
            + "', which is not a device remote; `nymote remote list` shows them");
      }
      out.add(client(relay.get(), identity, stores));
    }
    return out;
  }

  /** The device remotes this device attaches to ({@code "relay": true}), as clients. */
  public static List<RelayClient> relaysOf(Remotes remotes, DeviceIdentity identity, Stores stores)
      throws IOException {
    List<RelayClient> out = new ArrayList<>();
    for (Remote r : remotes.list()) {
      if (r.device() && r.relay()) {
        out.add(client(r, identity, stores));
      }
    }
    return out;
  }
}
