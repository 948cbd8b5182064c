package org.nymote.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nymote.server.devices.DeviceClient;
import org.nymote.server.devices.DeviceCommands;
import org.nymote.server.devices.DeviceHttpConnections;
import org.nymote.server.devices.DeviceIdentity;
import org.nymote.server.devices.DeviceRegistry;
import org.nymote.server.devices.Invitations;
import org.nymote.server.devices.PinnedDeviceTrust;
import org.nymote.server.stores.Stores;
import org.nymote.server.sync.HomeSync;
import org.nymote.server.sync.Remote;
import org.nymote.server.users.RandomPassword;
import org.nymote.server.users.UserName;
import org.nymote.signpost.identity.Certificates;
import org.nymote.signpost.identity.DeviceName;
import org.nymote.signpost.identity.Ed25519;
import org.nymote.signpost.identity.RootTrust;
import org.nymote.signpost.pairing.Invitation;
import org.nymote.store.Repo;
import org.nymote.store.StoreException;
import org.nymote.store.sync.Sync;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nymote device invite|join|list|revoke}: pairing the user's devices (docs/devices.md). */
@Command(
    name = "device",
    description = "Pair, list and revoke the user's devices.",
    subcommands = {
      DeviceCommand.Invite.class,
      DeviceCommand.Join.class,
      DeviceCommand.ListDevices.class,
      DeviceCommand.Revoke.class,
      DeviceCommand.AddRemote.class,
      DeviceCommand.Relay.class
    })
final class DeviceCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "missing command: `invite`, `join`, `list`, `revoke`, `remote` or `relay`");
  }

  /** {@code given}, else a name made from the host name. */
  static DeviceName deviceName(CommandSpec spec, String given) {
    if (given != null) {
      if (!DeviceName.isValid(given)) {
        throw new ParameterException(
            spec.commandLine(),
            "'" + given + "' is not a device name:"
                + " use a lower-case letter or digit, then letters, digits or '-' (at most 63)");
      }
      return new DeviceName(given);
    }
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "device";
    }
    String cleaned = host.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    cleaned = cleaned.replaceAll("^-+", "");
    cleaned = cleaned.substring(0, Math.min(63, cleaned.length()));
    return DeviceName.isValid(cleaned) ? new DeviceName(cleaned) : new DeviceName("device");
  }

  static DeviceIdentity identity(Home home) throws IOException {
    return DeviceIdentity.find(home.dir())
        .orElseThrow(
            () -> new CliException(
                CliException.FAILURE,
                home + " has no identity:"
                    + " run `nymote identity init` on the first device, `nymote device join` on others"));
  }

  @Command(
      name = "invite",
      description = "Print a one-time code that lets a new device join (it expires).")
  static final class Invite implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(
        names = "--expires",
        paramLabel = "DURATION",
        defaultValue = "10m",
        converter = ServeCommand.DurationConverter.class,
        description = "how long the code is valid, such as 90s or 10m (default: ${DEFAULT-VALUE})")
    private Duration expires;

    @Option(
        names = "--address",
        paramLabel = "HOST:PORT",
        description = "where the new device reaches this one's device-sync listener (default:"
            + " where the running `nymote serve` listens)")
    private String address;

    @Override
    public Integer call() throws IOException {
      Home home = Main.home(spec).requireExisting();
      DeviceIdentity identity = identity(home);
      if (DeviceIdentity.rootKey(home.dir()).isEmpty()) {
        throw new CliException(
            CliException.FAILURE,
            "this device does not hold the root key;"
                + " invite from the device where `nymote identity init` ran");
      }
      URI where = URI.create("https://"
          + address()
              .orElseThrow(() -> new CliException(
                  CliException.USAGE,
                  "no running `nymote serve` with a device-sync listener here: give"
                      + " --address HOST:PORT")));
      if (where.getHost() == null || where.getPort() < 1) {
        throw new ParameterException(spec.commandLine(), "--address must be HOST:PORT");
      }
      Invitation invitation = Invitation.create(
          Certificates.fingerprintBytes(identity.root()), where.getHost(), where.getPort());
      new Invitations(home.dir()).add(invitation, Instant.now().plus(expires));
      PrintWriter out = spec.commandLine().getOut();
      out.println(invitation.encode());
      out.flush();
      return 0;
    }

    private Optional<String> address() throws IOException {
      if (address != null) {
        return Optional.of(address);
      }
      return DeviceClient.localUrl(Main.home(spec).dir()).map(u -> URI.create(u).getRawAuthority());
    }
  }

  @Command(
      name = "join",
      description = {
        "Join the user's devices with a code from `nymote device invite`: check the inviting"
            + " device against the code's fingerprint, receive this device's certificate, clone"
            + " the user's store from it and add it as a remote.",
        "Run it on the new device, before its first `nymote serve`."
      })
  static final class Join implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "CODE", description = "the invitation code")
    private String code;

    @Option(
        names = "--name",
        paramLabel = "DEVICE",
        description = "this device's name (default: from the host name)")
    private String name;

    @Override
    public Integer call() throws IOException, InterruptedException {
      Invitation invitation;
      try {
        invitation = Invitation.decode(code);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      Home home = Main.home(spec);
      if (DeviceIdentity.exists(home.dir())) {
        throw new CliException(
            CliException.FAILURE,
            home + " already belongs to a user's" + " devices; join from a new home (--home DIR)");
      }
      if (home.exists() && !home.users().list().isEmpty()) {
        throw new CliException(
            CliException.FAILURE,
            home + " already has users and stores;"
                + " join from a new home (--home DIR), which gets the user and a clone of the store");
      }
      DeviceName device = deviceName(spec, name);
      KeyPair keys = Ed25519.generate();
      DeviceClient.Joined joined = DeviceClient.join(invitation, device, keys);
      var user = new UserName(joined.response().user());
      PrintWriter out = spec.commandLine().getOut();
      home.create();
      String password = RandomPassword.generate();
      home.addUser(user, password.getBytes(StandardCharsets.UTF_8));
      out.println("password for " + user + ": " + password);
      var identity = new DeviceIdentity(
          user, keys.getPrivate(), joined.response().device(), joined.response().root());
      identity.save(home.dir());
      String url = "https://" + hostPart(invitation.host()) + ":" + invitation.port() + "/git/"
          + user + "/store.git";
      // The store is not here yet: the inviter is pinned by name, its certificate by the pairing.
      var connections = new DeviceHttpConnections(
          identity,
          new PinnedDeviceTrust(
              new RootTrust(identity.root(), c -> false), joined.inviter(), Optional.empty()));
      Sync.Options options = Sync.Options.defaults(device.value())
          .withRemoteName(joined.inviter().value())
          .withTransportSetup(t -> {
            if (t instanceof org.eclipse.jgit.transport.TransportHttp h) {
              h.setHttpConnectionFactory(connections);
            }
          });
      java.nio.file.Files.deleteIfExists(home.storeDir(user)); // the empty folder addUser made
      try (Repo repo = Sync.cloneInto(url, home.storeDir(user), Stores.userSchema(), options)) {
        out.println(
            "cloned " + user + "'s store: " + DeviceRegistry.list(repo).size() + " devices known");
      } catch (StoreException e) {
        throw new CliException(
            CliException.FAILURE,
            "paired, but cloning the store failed (" + e.getMessage()
                + "); run `nymote sync` to try again");
      } finally {
        HomeSync.remotesOf(home.dir(), user)
            .put(new Remote(
                joined.inviter().value(), url, Optional.empty(), Optional.empty(), true));
      }
      out.println("joined as device " + device + " of " + user + "; remote '" + joined.inviter()
          + "' is " + url);
      out.flush();
      return 0;
    }

    private static String hostPart(String host) {
      return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
  }

  @Command(name = "list", description = "List the user's devices: name, fingerprint, state.")
  static final class ListDevices implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
      Home home = Main.home(spec).requireExisting();
      DeviceIdentity identity = identity(home);
      Optional<String> serve = DeviceClient.localUrl(home.dir());
      String listing;
      if (serve.isPresent()) {
        listing = DeviceClient.ask(identity, serve.get(), "GET", "/devices");
      } else {
        try (Repo repo = open(home, identity)) {
          listing = DeviceCommands.listing(repo);
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      out.print(listing);
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "revoke",
      description = "Revoke a device: a change in the user's store; once it has synced, every"
          + " device refuses the revoked one.")
  static final class Revoke implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "the device to revoke")
    private String name;

    @Override
    public Integer call() throws IOException, InterruptedException {
      Home home = Main.home(spec).requireExisting();
      DeviceIdentity identity = identity(home);
      DeviceName device = deviceName(spec, name);
      if (device.equals(identity.name())) {
        throw new CliException(
            CliException.USAGE,
            "this is the device you are on: revoke it" + " from another of your devices");
      }
      Optional<String> serve = DeviceClient.localUrl(home.dir());
      if (serve.isPresent()) {
        DeviceClient.ask(identity, serve.get(), "POST", "/devices/revoke?name=" + device);
      } else {
        try (Repo repo = open(home, identity)) {
          if (!DeviceRegistry.revoke(repo, identity.name().value(), device)) {
            throw new CliException(
                CliException.FAILURE,
                "no device named " + device + "; `nymote device list` shows them");
          }
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("revoked " + device);
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "remote",
      description = {
        "Add (or replace) another of the user's devices as a remote: synced over mutual TLS at"
            + " HOST:PORT (its device-sync listener), else through the relays given with --via.",
        "NAME is that device's name: only its certificate is accepted."
      })
  static final class AddRemote implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "the device's name")
    private String name;

    @Parameters(index = "1", paramLabel = "HOST:PORT", description = "its device-sync listener")
    private String address;

    @Option(
        names = "--via",
        paramLabel = "RELAY",
        description = "a device remote that relays to it, tried in order when HOST:PORT cannot be"
            + " reached (repeatable)")
    private java.util.List<String> via = new java.util.ArrayList<>();

    @Override
    public Integer call() throws IOException {
      Home home = Main.home(spec).requireExisting();
      DeviceIdentity identity = identity(home);
      DeviceName device = deviceName(spec, name);
      URI where = URI.create("https://" + address);
      if (where.getHost() == null || where.getPort() < 1) {
        throw new ParameterException(spec.commandLine(), "give the address as HOST:PORT");
      }
      var remotes = HomeSync.remotesOf(home.dir(), identity.user());
      for (String relay : via) {
        if (remotes.find(relay).filter(Remote::device).isEmpty()) {
          throw new CliException(
              CliException.FAILURE,
              "'" + relay + "' is not a device remote here; add it first (`nymote device remote`)");
        }
      }
      String url = "https://" + where.getRawAuthority() + "/git/" + identity.user() + "/store.git";
      boolean relay = remotes.find(device.value()).map(Remote::relay).orElse(false);
      Remote remote;
      try {
        remote =
            new Remote(device.value(), url, Optional.empty(), Optional.empty(), true, via, relay);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      remotes.put(remote);
      PrintWriter out = spec.commandLine().getOut();
      out.println("remote " + remote);
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "relay",
      description = {
        "`add NAME`: keep this device attached to the device remote NAME while `nymote serve`"
            + " runs (from its next start), so the user's other devices reach this one through"
            + " NAME (whose serve has --relay-port). `remove NAME` stops that."
      })
  static final class Relay implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "add|remove", description = "add or remove")
    private String action;

    @Parameters(index = "1", paramLabel = "NAME", description = "the relay, a device remote")
    private String name;

    @Override
    public Integer call() throws IOException {
      if (!action.equals("add") && !action.equals("remove")) {
        throw new ParameterException(spec.commandLine(), "give `add NAME` or `remove NAME`");
      }
      Home home = Main.home(spec).requireExisting();
      DeviceIdentity identity = identity(home);
      var remotes = HomeSync.remotesOf(home.dir(), identity.user());
      Remote remote = remotes
          .find(name)
          .filter(Remote::device)
          .orElseThrow(() -> new CliException(
              CliException.FAILURE,
              "'" + name + "' is not a device remote here; `nymote remote list` shows them"));
      remotes.put(new Remote(
          remote.name(),
          remote.url(),
          remote.user(),
          remote.password(),
          true,
          remote.via(),
          action.equals("add")));
      PrintWriter out = spec.commandLine().getOut();
      out.println((action.equals("add") ? "relay " : "no longer relay ") + name
          + "; takes effect when `nymote serve` next starts");
      out.flush();
      return 0;
    }
  }

  private static Repo open(Home home, DeviceIdentity identity) {
    return Repo.openOrInit(home.storeDir(identity.user()), Stores.userSchema());
  }
}
