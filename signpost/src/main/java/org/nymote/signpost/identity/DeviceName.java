package org.nymote.signpost.identity;

import java.util.regex.Pattern;

/**
 * A device's name among a user's devices, as in its certificate's common name and in the store
 * ({@code signpost/devices/NAME.cert}): a lower-case letter or digit, then letters, digits or
 * {@code -}, at most 63 (one DNS label, so a device can be named in the user's zone).
 */
public record DeviceName(String value) {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public DeviceName {
    if (!isValid(value)) {
      throw new IllegalArgumentException("'" + value + "' is not a device name: use a lower-case"
          + " letter or digit, then letters, digits or '-' (at most 63)");
    }
  }

  public static boolean isValid(String value) {
    return value != null && VALID.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
