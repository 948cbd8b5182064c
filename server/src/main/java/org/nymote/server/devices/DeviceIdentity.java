package org.nymote.server.devices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.nymote.server.files.PrivateFiles;
import org.nymote.server.users.UserName;
import org.nymote.signpost.identity.Certificates;
import org.nymote.signpost.identity.DeviceKeyManager;
import org.nymote.signpost.identity.DeviceName;
import org.nymote.signpost.identity.Ed25519;
import org.nymote.signpost.identity.Pem;

/**
 * This device's identity, in the home (all 0600, in a 0700 folder; never in the store):
 *
 * <pre>
 * identity/user         whose device this is
 * identity/device.key   this device's Ed25519 private key (PKCS #8, PEM)
 * identity/device.pem   its certificate, signed by the root
 * identity/root.pem     the user's root certificate
 * identity/root.key     the root's private key: only on the device that ran `identity init`
 * </pre>
 *
 * The user's name is the store this identity reaches: one identity per home. Immutable.
 */
public record DeviceIdentity(
    UserName user, PrivateKey key, X509Certificate device, X509Certificate root) {

  /** The folder in the home. */
  public static Path dir(Path homeDir) {
    return homeDir.resolve("identity");
  }

  public DeviceName name() {
    return Certificates.deviceName(device);
  }

  /** Presents this device's certificate in TLS. */
  public DeviceKeyManager keyManager() {
    return new DeviceKeyManager(key, device, root);
  }

  public static boolean exists(Path homeDir) {
    return Files.exists(dir(homeDir).resolve("device.pem"));
  }

  /** The identity in the home, if it has one. */
  public static Optional<DeviceIdentity> find(Path homeDir) throws IOException {
    Path dir = dir(homeDir);
    if (!exists(homeDir)) {
      return Optional.empty();
    }
    try {
      var user = new UserName(Files.readString(dir.resolve("user")).strip());
      PrivateKey key = privateKey(dir.resolve("device.key"));
      X509Certificate device =
          Pem.certificates(Files.readString(dir.resolve("device.pem"))).get(0);
      X509Certificate root =
          Pem.certificates(Files.readString(dir.resolve("root.pem"))).get(0);
      return Optional.of(new DeviceIdentity(user, key, device, root));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(dir + " holds a damaged identity: " + e.getMessage(), e);
    }
  }

  /** Writes it into the home. */
  public void save(Path homeDir) throws IOException {
    Path dir = dir(homeDir);
    write(dir.resolve("user"), user.value() + "\n");
    write(dir.resolve("device.key"), Pem.encode("PRIVATE KEY", key.getEncoded()));
    write(dir.resolve("device.pem"), Pem.certificate(device));
    write(dir.resolve("root.pem"), Pem.certificate(root));
  }

  /** The root's private key, if this device holds it. */
  public static Optional<PrivateKey> rootKey(Path homeDir) throws IOException {
    Path file = dir(homeDir).resolve("root.key");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(privateKey(file));
    } catch (GeneralSecurityException e) {
      throw new IOException(file + " is not an Ed25519 private key", e);
    }
  }

  /** Writes the root's private key into the home (0600). */
  public static void saveRoot(Path homeDir, PrivateKey rootKey) throws IOException {
    write(dir(homeDir).resolve("root.key"), Pem.encode("PRIVATE KEY", rootKey.getEncoded()));
  }

  private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    List<byte[]> der = Pem.decode("PRIVATE KEY", Files.readString(file));
    if (der.size() != 1) {
      throw new GeneralSecurityException(file + " holds no private key");
    }
    return Ed25519.privateKey(der.get(0));
  }

  private static void write(Path file, String text) throws IOException {
    PrivateFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "DeviceIdentity[" + user + ", " + name() + "]";
  }
}
