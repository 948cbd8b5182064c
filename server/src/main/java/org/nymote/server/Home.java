package org.nymote.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.nymote.server.files.PrivateFiles;
import org.nymote.server.tokens.Tokens;
import org.nymote.server.users.UserName;
import org.nymote.server.users.Users;

/**
 * A Nymote home: the folder that holds one installation's users, TLS identity and stores. Every
 * subcommand finds it the same way, {@link #locate}: {@code --home DIR}, else {@code
 * $NYMOTE_HOME}, else {@code ./nymote-data}.
 *
 * <pre>
 * passwords                  users and their Argon2id hashes (0600)
 * tokens                     API tokens: SHA-256 hashes only (0600)
 * tls/nymote.p12             the TLS key and self-signed certificate (0600)
 * tls/nymote.p12.password    the keystore's password (0600)
 * users/NAME/store.git       the user's store
 * </pre>
 *
 * Folders are created 0700. Immutable; the files it names are read and written by their own types.
 */
public final class Home {
  /** The environment variable naming the home when {@code --home} is not given. */
  public static final String ENVIRONMENT_VARIABLE = "NYMOTE_HOME";
  /** The home, relative to the working folder, when neither is given. */
  public static final Path DEFAULT = Path.of("nymote-data");

  private final Path dir;

  private Home(Path dir) {
    this.dir = dir;
  }

  /** The home named by {@code option} (may be null), else by the environment, else the default. */
  public static Home locate(Path option, Map<String, String> environment) {
    if (option != null) {
      return new Home(option);
    }
    String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return new Home(Path.of(fromEnvironment));
    }
    return new Home(DEFAULT);
  }

  public Path dir() {
    return dir;
  }

  /** Whether the home has been set up (by a first {@code nymote serve}). */
  public boolean exists() {
    return Files.exists(passwordFile());
  }

  /** Creates the home folder if it is missing. */
  public void create() throws IOException {
    PrivateFiles.createDirectories(dir);
  }

  /** Throws a {@link CliException} that says how to create the home unless it exists. */
  public Home requireExisting() {
    if (!exists()) {
      throw new CliException(
          CliException.FAILURE,
          "no Nymote home at " + dir.toAbsolutePath()
              + ": run `nymote serve` once to create it, or point --home or $"
              + ENVIRONMENT_VARIABLE
              + " at an existing one");
    }
    return this;
  }

  public Users users() {
    return new Users(passwordFile());
  }

  /** The users' API tokens. */
  public Tokens tokens() {
    return new Tokens(dir.resolve("tokens"));
  }

  /**
   * Adds a user and creates their folder with an empty {@link #storeDir store folder}; the password
   * is hashed, never stored.
   */
  public Users.AddResult addUser(UserName name, byte[] password) throws IOException {
    Users.AddResult result = users().add(name, password);
    if (result == Users.AddResult.ADDED) {
      PrivateFiles.createDirectories(storeDir(name));
    }
    return result;
  }

  /** Where the user's store repository lives: {@code users/NAME/store.git}. */
  public Path storeDir(UserName name) {
    return dir.resolve("users").resolve(name.value()).resolve("store.git");
  }

  public Path keystore() {
    return dir.resolve("tls").resolve("nymote.p12");
  }

  public Path keystorePassword() {
    return dir.resolve("tls").resolve("nymote.p12.password");
  }

  private Path passwordFile() {
    return dir.resolve("passwords");
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}
