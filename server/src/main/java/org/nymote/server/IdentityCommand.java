package org.nymote.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.nymote.server.devices.DeviceIdentity;
import org.nymote.server.devices.DeviceRegistry;
import org.nymote.server.users.RandomPassword;
import org.nymote.server.users.UserName;
import org.nymote.signpost.identity.Certificates;
import org.nymote.signpost.identity.DeviceName;
import org.nymote.signpost.identity.Ed25519;
import org.nymote.store.Repo;
import org.nymote.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nymote identity init}: the user's root key, and this first device's key and certificate. */
@Command(
    name = "identity",
    description = "The user's identity: a root key that certifies each of their devices.",
    subcommands = {IdentityCommand.Init.class})
final class IdentityCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command: `init`");
  }

  @Command(
      name = "init",
      description = {
        "Make the user's root key and this device's key and certificate (run once, on the first"
            + " device, while `nymote serve` is stopped). The private keys stay in the home"
            + " (identity/, mode 0600); the certificates go into the user's store.",
        "A home that does not exist yet is created with the user, whose password is printed once."
      })
  static final class Init implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(
        names = "--user",
        paramLabel = "NAME",
        converter = UserCommand.NameConverter.class,
        description = "whose identity (default: the home's only user)")
    private UserName user;

    @Option(
        names = "--name",
        paramLabel = "DEVICE",
        description = "this device's name (default: from the host name)")
    private String name;

    @Override
    public Integer call() throws IOException, GeneralSecurityException {
      Home home = Main.home(spec);
      if (DeviceIdentity.exists(home.dir())) {
        throw new CliException(
            CliException.FAILURE,
            home + " already has an identity (in " + DeviceIdentity.dir(home.dir())
                + "); `nymote device list` shows its devices");
      }
      PrintWriter out = spec.commandLine().getOut();
      UserName owner = ensureUser(home, out);
      DeviceName device = DeviceCommand.deviceName(spec, name);
      Instant now = Instant.now();
      KeyPair rootKeys = Ed25519.generate();
      X509Certificate root = Certificates.root(rootKeys, owner.value(), now);
      KeyPair deviceKeys = Ed25519.generate();
      X509Certificate cert =
          Certificates.device(rootKeys.getPrivate(), root, deviceKeys.getPublic(), device, now);
      try (Repo repo =
          Repo.openOrInit(home.storeDir(owner), org.nymote.server.stores.Stores.userSchema())) {
        DeviceRegistry.init(repo, device.value(), root, cert);
      } catch (StoreException e) {
        throw new CliException(
            CliException.FAILURE,
            "cannot write to " + owner + "'s store (" + e.getMessage()
                + "); stop `nymote serve` and run this again");
      }
      var identity = new DeviceIdentity(owner, deviceKeys.getPrivate(), cert, root);
      DeviceIdentity.saveRoot(home.dir(), rootKeys.getPrivate());
      identity.save(home.dir());
      out.println("identity of " + owner + ": root " + Certificates.fingerprint(root));
      out.println("this device: " + device);
      out.flush();
      return 0;
    }

    private UserName ensureUser(Home home, PrintWriter out) throws IOException {
      if (!home.exists()) {
        home.create();
        UserName first = user != null ? user : new UserName("owner");
        String password = RandomPassword.generate();
        home.addUser(first, password.getBytes(StandardCharsets.UTF_8));
        out.println("password for " + first + ": " + password);
        return first;
      }
      List<UserName> users = home.users().list();
      if (user != null) {
        if (!users.contains(user)) {
          throw new CliException(CliException.USAGE, "no user " + user + " in " + home);
        }
        return user;
      }
      if (users.size() != 1) {
        throw new CliException(
            CliException.USAGE, "the home has several users: say whose identity with --user");
      }
      return users.get(0);
    }
  }
}
