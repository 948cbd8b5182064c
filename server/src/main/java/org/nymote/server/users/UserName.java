package org.nymote.server.users;

import java.util.regex.Pattern;

/**
 * A valid user name: 1 to 32 characters, lower-case ASCII letters, digits, {@code _}, {@code .} and
 * {@code -}, starting with a letter or {@code _}, as Unix user names. Such a name is safe as a
 * folder name, in a URL, in JSON and in the password file.
 */
public record UserName(String value) {
  private static final Pattern VALID = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");

  /** Checks the name; throws {@link IllegalArgumentException} saying what a valid one is. */
  public UserName {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException("invalid user name '" + value + "': use 1 to 32"
          + " lower-case letters, digits, '_', '.' or '-', starting with a letter or '_'");
    }
  }

  /** Whether {@code value} is a valid user name. */
  public static boolean isValid(String value) {
    return value != null && VALID.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
