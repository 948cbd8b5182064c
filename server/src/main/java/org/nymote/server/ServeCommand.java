package org.nymote.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.nymote.server.devices.DeviceIdentity;
import org.nymote.server.dns.DnsService;
import org.nymote.server.http.DeviceSyncFront;
import org.nymote.server.http.HttpFront;
import org.nymote.server.mail.MailService;
import org.nymote.server.relay.DeviceLinks;
import org.nymote.server.relay.RelayAttachments;
import org.nymote.server.relay.RelayClient;
import org.nymote.server.relay.RelayHub;
import org.nymote.server.service.Listener;
import org.nymote.server.service.Service;
import org.nymote.server.smtp.MailDomains;
import org.nymote.server.smtp.SmtpOptions;
import org.nymote.server.smtp.SmtpService;
import org.nymote.server.stores.Stores;
import org.nymote.server.sync.HomeSync;
import org.nymote.server.sync.LocalServer;
import org.nymote.server.sync.SyncSchedule;
import org.nymote.server.tls.TlsIdentity;
import org.nymote.server.users.RandomPassword;
import org.nymote.server.users.UserName;
import org.nymote.signpost.zone.DeviceEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nymote serve}: sets up the home on the first start (a first user, whose password is
 * printed once, and a self-signed TLS certificate), starts every service, prints one line per
 * listener, {@code listening SERVICE HOST:PORT}, then {@code ready}, and runs until SIGTERM or
 * SIGINT.
 */
@Command(
    name = "serve",
    description = {
      "Run every Nymote service until stopped (SIGTERM or Ctrl-C).",
      "The first start creates the home, a first user (its password is printed once) and a"
          + " self-signed TLS certificate."
    })
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
  private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "[::]");

  @Spec
  private CommandSpec spec;

  @Option(
      names = "--bind",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description = "the address to listen on (default: ${DEFAULT-VALUE})")
  private String bind;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "the HTTP port, 0 for any free one (default: ${DEFAULT-VALUE})")
  private int httpPort;

  @Option(
      names = "--https-port",
      paramLabel = "PORT",
      defaultValue = "8443",
      description = "the HTTPS port, 0 for any free one (default: ${DEFAULT-VALUE})")
  private int httpsPort;

  @Option(
      names = "--imap-port",
      paramLabel = "PORT",
      defaultValue = "1143",
      description = "the IMAP port (STARTTLS), 0 for any free one (default: ${DEFAULT-VALUE})")
  private int imapPort;

  @Option(
      names = "--imaps-port",
      paramLabel = "PORT",
      defaultValue = "1993",
      description =
          "the IMAP port with implicit TLS, 0 for any free one (default: ${DEFAULT-VALUE})")
  private int imapsPort;

  @Option(
      names = "--device-port",
      paramLabel = "PORT",
      defaultValue = "8444",
      description = "the port where the user's paired devices sync (mutual TLS), 0 for any free"
          + " one; only with an identity (`nymote identity init` or `device join`)"
          + " (default: ${DEFAULT-VALUE})")
  private int devicePort;

  @Option(
      names = "--relay-port",
      paramLabel = "PORT",
      description = "relay for the user's other devices: the port where their relayed sessions"
          + " meet (plain TCP carrying their own end-to-end TLS), 0 for any free one; the"
          + " requests go to the device-sync listener (default: no relay)")
  private Integer relayPort;

  @Option(
      names = "--user",
      paramLabel = "NAME",
      converter = UserCommand.NameConverter.class,
      description = "the first user's name, used on the first start (default: $USER, else owner)")
  private UserName firstUser;

  @Option(
      names = "--device",
      paramLabel = "NAME",
      description = "this replica's name in commits (default: the host name)")
  private String device;

  @Option(
      names = "--sync-every",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "sync every user's store with its remotes this often, such as 30s, 5m or 1h"
          + " (default: only when asked, by `nymote sync`)")
  private Duration syncEvery;

  @Mixin
  private SmtpOptions smtp = new SmtpOptions();

  @Option(
      names = "--dns-port",
      paramLabel = "PORT",
      defaultValue = "5353",
      description = "the DNS port (UDP and TCP), 0 for any free one (default: ${DEFAULT-VALUE})")
  private int dnsPort;

  @Option(
      names = "--dns-rate-limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "DNS responses a second per client network over UDP, 0 for no limit"
          + " (default: ${DEFAULT-VALUE})")
  private int dnsRateLimit;

  @Option(
      names = "--dns-address",
      paramLabel = "ADDRESS",
      description = "an address to publish for this device in the zone, repeatable (default: the"
          + " --bind address, or the interfaces' addresses if it is a wildcard)")
  private List<String> dnsAddresses = new ArrayList<>();

  @Override
  public Integer call() throws IOException, InterruptedException {
    checkPort(httpPort, "--http-port");
    checkPort(httpsPort, "--https-port");
    checkPort(devicePort, "--device-port");
    if (relayPort != null) {
      checkPort(relayPort, "--relay-port");
    }
    smtp.validate();
    checkPort(dnsPort, "--dns-port");
    if (dnsRateLimit < 0) {
      throw new ParameterException(spec.commandLine(), "--dns-rate-limit cannot be negative");
    }
    checkPort(imapPort, "--imap-port");
    checkPort(imapsPort, "--imaps-port");
    PrintWriter out = spec.commandLine().getOut();
    Home home = Main.home(spec);
    setUp(home, out);
    TlsIdentity tls =
        TlsIdentity.loadOrCreate(home.keystore(), home.keystorePassword(), tlsHosts(home));
    LOG.info("TLS certificate SHA-256 fingerprint {}", tls.fingerprint());

    List<Service> services = startServices(home, tls);
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(
            () -> {
              LOG.info("stopping");
              stopAll(services);
              stopped.countDown();
            },
            "nymote-shutdown"));
    for (Service service : services) {
      for (Listener listener : service.listeners()) {
        out.println(listener.announcement());
      }
      if (service instanceof DnsService dns) {
        dns.zones().forEach(zone -> out.println("zone " + zone));
      }
    }
    out.println("ready");
    out.flush();
    stopped.await();
    return 0;
  }

  /**
   * The composition root: starts every service from the configuration, in order. If one fails, the
   * ones already started are stopped again.
   */
  private List<Service> startServices(Home home, TlsIdentity tls) throws IOException {
    List<Service> services = new ArrayList<>();
    try {
      Stores stores = new Stores(home, deviceName());
      services.add(stores);
      HttpFront front = HttpFront.start(new HttpFront.Config(
          bind, httpPort, httpsPort, tls, home.users(), stores, Version.current()));
      services.add(front);
      services.add(announce(home, front));
      services.add(SmtpService.start(smtp, bind, home, stores, tls));
      services.add(MailService.start(
          new MailService.Config(bind, imapPort, imapsPort, tls, home.users(), stores)));
      Optional<DeviceIdentity> identity = DeviceIdentity.find(home.dir());
      if (identity.isPresent()) {
        startDeviceLinks(home, identity.get(), stores, services);
      } else if (relayPort != null) {
        throw new CliException(
            CliException.USAGE,
            "--relay-port needs a device identity (`nymote identity init` or `device join`)");
      }
      if (syncEvery != null) {
        services.add(SyncSchedule.start(new HomeSync(stores), home.users(), syncEvery));
      }
      DnsService dns = DnsService.start(new DnsService.Config(
          home,
          stores,
          bind,
          dnsPort,
          dnsRateLimit,
          dnsAddresses,
          services.stream().flatMap(s -> s.listeners().stream()).toList()));
      services.add(dns);
      front.offer(
          DeviceEntry.labelOf(stores.device()),
          dns::zones,
          new MailDomains(home.dir()),
          services.stream().flatMap(s -> s.listeners().stream()).toList());
    } catch (IOException | RuntimeException e) {
      stopAll(services);
      throw e;
    }
    return services;
  }

  /**
   * The device-sync listener, this device's relay if {@code --relay-port} is given, and its
   * attachments to the relays its remotes name ({@code nymote device relay add}).
   */
  private void startDeviceLinks(
      Home home, DeviceIdentity identity, Stores stores, List<Service> services)
      throws IOException {
    Optional<RelayHub> relay = Optional.empty();
    if (relayPort != null) {
      relay = Optional.of(RelayHub.start(bind, relayPort, RelayHub.Limits.DEFAULT));
      services.add(relay.get());
    }
    var front = DeviceSyncFront.start(bind, devicePort, home.dir(), identity, stores, relay);
    services.add(front);
    List<RelayClient> relays =
        DeviceLinks.relaysOf(HomeSync.remotesOf(home.dir(), identity.user()), identity, stores);
    if (!relays.isEmpty()) {
      String host = WILDCARDS.contains(bind) ? "127.0.0.1" : bind;
      int port = front.listeners().get(0).port();
      services.add(RelayAttachments.start(relays, new InetSocketAddress(host, port)));
    }
  }

  /**
   * Tells command lines of this home where the front listens (see {@link LocalServer}), until
   * stopped.
   */
  private Service announce(Home home, HttpFront front) throws IOException {
    int port = front.listeners().stream()
        .filter(l -> l.service().equals("http"))
        .findFirst()
        .orElseThrow()
        .port();
    LocalServer.announce(home.dir(), bind, port);
    return new Service() {
      @Override
      public List<Listener> listeners() {
        return List.of();
      }

      @Override
      public void close() {
        try {
          LocalServer.withdraw(home.dir());
        } catch (IOException e) {
          LOG.warn("cannot delete {}/run: {}", home, e.getMessage());
        }
      }
    };
  }

  /** {@code 90s}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601 such as {@code PT5M}. */
  static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      var m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h|d)").matcher(value.strip());
      Duration d;
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        d = switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      } else {
        try {
          d = Duration.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
          throw new picocli.CommandLine.TypeConversionException(
              "'" + value + "' is not a duration: use 30s, 5m, 1h or PT5M");
        }
      }
      if (d.isNegative() || d.isZero()) {
        throw new picocli.CommandLine.TypeConversionException("the duration must be positive");
      }
      return d;
    }
  }

  private void setUp(Home home, PrintWriter out) throws IOException {
    home.create();
    if (home.exists()) {
      if (firstUser != null) {
        LOG.warn(
            "--user {} ignored: {} already has users; add one with `nymote user add`",
            firstUser,
            home);
      }
      return;
    }
    UserName name = firstUser != null ? firstUser : defaultUser();
    String password = RandomPassword.generate();
    home.addUser(name, password.getBytes(StandardCharsets.UTF_8));
    LOG.info("created home {} with user {}", home.dir().toAbsolutePath(), name);
    out.println("password for " + name + ": " + password);
    out.flush();
  }

  private String deviceName() {
    if (device != null && !device.isBlank()) {
      return device;
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "nymote";
    }
  }

  private UserName defaultUser() {
    String user = Main.environment(spec).get("USER");
    return UserName.isValid(user) ? new UserName(user) : new UserName("owner");
  }

  /**
   * The names a new certificate holds: the bind address, and this device's name in each user's
   * default zone (where the SRV records and the autoconfig document send clients). The certificate
   * is made once; users added later, or a zone's own domain, are not in it.
   */
  private List<String> tlsHosts(Home home) throws IOException {
    List<String> hosts = new ArrayList<>();
    if (!WILDCARDS.contains(bind)) {
      hosts.add(bind);
    }
    String label = DeviceEntry.labelOf(deviceName());
    for (UserName user : home.users().list()) {
      hosts.add(label + "." + DnsService.defaultOrigin(user).toString(true));
    }
    return hosts;
  }

  private void checkPort(int port, String option) {
    if (port < 0 || port > 65535) {
      throw new ParameterException(
          spec.commandLine(), option + " must be between 0 (any free port) and 65535, not " + port);
    }
  }

  private static void stopAll(List<Service> services) {
    for (Service service : services.reversed()) {
      service.close();
    }
  }
}
