package org.nymote.server.devices;

import java.security.KeyPair;
import java.time.Instant;
import org.nymote.signpost.identity.Certificates;
import org.nymote.signpost.identity.DeviceKeyManager;
import org.nymote.signpost.identity.DeviceName;
import org.nymote.signpost.identity.Ed25519;

/**
 * A device of another root, for tests that show a stranger is refused: the same user and device
 * name as a paired one could have, but a root key of its own.
 */
public final class StrangerDevice {
  private StrangerDevice() {}

  /** The keys a stranger's device named {@code device}, of a root of {@code user}, presents. */
  public static DeviceKeyManager keys(String user, String device) throws Exception {
    KeyPair root = Ed25519.generate();
    var rootCert = Certificates.root(root, user, Instant.now());
    KeyPair key = Ed25519.generate();
    var cert = Certificates.device(
        root.getPrivate(), rootCert, key.getPublic(), new DeviceName(device), Instant.now());
    return new DeviceKeyManager(key.getPrivate(), cert, rootCert);
  }
}
