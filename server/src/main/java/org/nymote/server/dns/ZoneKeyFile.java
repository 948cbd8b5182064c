package org.nymote.server.dns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nymote.server.files.PrivateFiles;
import org.nymote.signpost.zone.ZoneKey;

/**
 * This device's zone signing key, {@code HOME/signpost/zone.key} (mode 0600), made on first use.
 * It never enters the store: only its public part does, in the device's zone entry.
 */
public final class ZoneKeyFile {
  private ZoneKeyFile() {}

  public static Path of(Path homeDir) {
    return homeDir.resolve("signpost").resolve("zone.key");
  }

  public static ZoneKey loadOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      try {
        return ZoneKey.decode(Files.readAllBytes(file));
      } catch (IllegalArgumentException e) {
        throw new IOException(
            file + " is not a zone key (" + e.getMessage() + "): move it away to make a new one",
            e);
      }
    }
    ZoneKey key = ZoneKey.generate();
    PrivateFiles.write(file, key.encode());
    return key;
  }
}
