package org.nymote.server.devices;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nymote.signpost.identity.Certificates;
import org.nymote.signpost.identity.DeviceName;
import org.nymote.signpost.identity.Pem;
import org.nymote.store.Branch;
import org.nymote.store.Info;
import org.nymote.store.Path;
import org.nymote.store.Repo;
import org.nymote.store.Tree;

/**
 * The public side of a user's identity, as data in their store, so that it syncs to every device:
 *
 * <pre>
 * signpost/root.pem                the root certificate
 * signpost/devices/NAME.pem        each device's certificate
 * signpost/revoked/FINGERPRINT     a revoked device certificate (SHA-256 hex); holds its name
 * </pre>
 *
 * A revocation is a path of its own, named by what it revokes, so revocations made on two devices
 * merge without conflict and can never be undone by a merge. Each change is one store update.
 */
public final class DeviceRegistry {
  static final Path ROOT = Path.of("signpost", "root.pem");
  static final Path DEVICES = Path.of("signpost", "devices");
  static final Path REVOKED = Path.of("signpost", "revoked");

  private DeviceRegistry() {}

  /** One of the user's devices, as the store knows it. */
  public record Device(DeviceName name, String fingerprint, boolean revoked) {}

  private static Branch main(Repo repo) {
    return repo.branch("main");
  }

  /** Records the root and this first device, in one update. */
  public static void init(Repo repo, String replica, X509Certificate root, X509Certificate device) {
    main(repo)
        .update(
            Info.now(replica, "identity: root and device " + name(device)),
            t -> t.with(ROOT, pem(root))
                .with(devicePath(Certificates.deviceName(device)), pem(device)));
  }

  /** Records a newly paired device's certificate, in one update. */
  public static void add(Repo repo, String replica, X509Certificate device) {
    main(repo)
        .update(
            Info.now(replica, "device " + name(device) + " paired"),
            t -> t.with(devicePath(Certificates.deviceName(device)), pem(device)));
  }

  /**
   * Revokes every certificate the store holds for {@code name}, in one update; false if it holds
   * none.
   */
  public static boolean revoke(Repo repo, String replica, DeviceName name) {
    Optional<X509Certificate> device = certificate(main(repo).tree(), name);
    if (device.isEmpty()) {
      return false;
    }
    byte[] label = name.value().getBytes(StandardCharsets.UTF_8);
    main(repo)
        .update(
            Info.now(replica, "device " + name + " revoked"),
            t -> t.with(REVOKED.child(Certificates.fingerprint(device.get())), label));
    return true;
  }

  /** Whether {@code device} has been revoked, as of the store's current head. */
  public static boolean isRevoked(Repo repo, X509Certificate device) {
    return main(repo).tree().hasValue(REVOKED.child(Certificates.fingerprint(device)));
  }

  /** Whether a device of that name is recorded and not revoked. */
  public static boolean isActive(Repo repo, DeviceName name) {
    return list(repo).stream().anyMatch(d -> d.name().equals(name) && !d.revoked());
  }

  /** The SHA-256 (hex) of the certificate recorded for the device {@code name}, if any. */
  public static Optional<String> fingerprint(Repo repo, DeviceName name) {
    return certificate(main(repo).tree(), name).map(Certificates::fingerprint);
  }

  /** Every recorded device, by name. */
  public static List<Device> list(Repo repo) {
    Tree tree = main(repo).tree();
    List<Device> out = new ArrayList<>();
    if (!tree.isDirectory(DEVICES)) {
      return out;
    }
    for (String file : tree.list(DEVICES)) {
      if (!file.endsWith(".pem") || !DeviceName.isValid(file.substring(0, file.length() - 4))) {
        continue;
      }
      var name = new DeviceName(file.substring(0, file.length() - 4));
      certificate(tree, name).ifPresent(c -> {
        String fingerprint = Certificates.fingerprint(c);
        out.add(new Device(name, fingerprint, tree.hasValue(REVOKED.child(fingerprint))));
      });
    }
    return out;
  }

  private static Optional<X509Certificate> certificate(Tree tree, DeviceName name) {
    return tree.find(devicePath(name)).flatMap(bytes -> {
      try {
        return Optional.of(
            Pem.certificates(new String(bytes, StandardCharsets.UTF_8)).get(0));
      } catch (CertificateException e) {
        return Optional.empty();
      }
    });
  }

  private static Path devicePath(DeviceName name) {
    return DEVICES.child(name.value() + ".pem");
  }

  private static byte[] pem(X509Certificate c) {
    return Pem.certificate(c).getBytes(StandardCharsets.US_ASCII);
  }

  private static String name(X509Certificate device) {
    return Certificates.deviceName(device).value();
  }
}
