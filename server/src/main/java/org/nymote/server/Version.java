package org.nymote.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Nymote's version, from {@code version.properties}, which the build fills in. */
public final class Version implements IVersionProvider {
  private static final String CURRENT = load();

  /** The version, for example {@code 0.1.0-SNAPSHOT}. */
  public static String current() {
    return CURRENT;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"nymote " + CURRENT};
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      var properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
