package org.nymote.server.dns;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.nymote.server.Home;
import org.nymote.server.service.Listener;
import org.nymote.server.service.Service;
import org.nymote.server.stores.Stores;
import org.nymote.server.users.UserName;
import org.nymote.signpost.dns.Authority;
import org.nymote.signpost.dns.DnsServer;
import org.nymote.signpost.dns.QueryHandler;
import org.nymote.signpost.dns.RateLimiter;
import org.nymote.signpost.dns.ZoneSet;
import org.nymote.signpost.zone.DeviceEntry;
import org.nymote.signpost.zone.ZoneData;
import org.nymote.signpost.zone.ZoneKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The DNS service of {@code nymote serve}: one zone per user (the domain set in the user's store,
 * else {@code USER.nymote.test}), served authoritatively on UDP and TCP. On start it publishes this
 * device's addresses, services and key into every user's store; after that it follows the stores,
 * checks the device's addresses every minute (when they come from the network interfaces), and
 * signs again before signatures expire.
 */
public final class DnsService implements Service {
  /** The parent of the default zone names: {@code .test} is reserved for this (RFC 6761). */
  public static final String DEFAULT_PARENT = "nymote.test";

  private static final Logger LOG = LoggerFactory.getLogger(DnsService.class);
  private static final Duration CHECK_EVERY = Duration.ofMinutes(1);
  private static final int SLIP = 2;

  /**
   * Where to listen, how hard to limit (responses a second per client network, 0 for no limit),
   * which addresses to publish (empty: the bind address, or the interfaces' if it is a wildcard),
   * and the listeners of the other services (for the SRV records).
   */
  public record Config(
      Home home,
      Stores stores,
      String bind,
      int port,
      int rateLimit,
      List<String> addresses,
      List<Listener> services) {}

  private final DnsServer server;
  private final List<UserZone> zones;
  private final ScheduledExecutorService timer;
  private final Config config;
  private final ZoneKey key;
  private volatile List<String> published;

  private DnsService(
      Config config, ZoneKey key, DnsServer server, List<UserZone> zones, List<String> published) {
    this.config = config;
    this.key = key;
    this.server = server;
    this.zones = zones;
    this.published = published;
    this.timer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("dns-timer").daemon().factory());
  }

  public static DnsService start(Config config) throws IOException {
    for (String a : config.addresses()) {
      if (!DeviceEntry.isAddressLiteral(a)) {
        throw new IllegalArgumentException("--dns-address " + a + " is not an IP address");
      }
    }
    ZoneKey key = ZoneKeyFile.loadOrCreate(ZoneKeyFile.of(config.home().dir()));
    var set = new ZoneSet();
    var limiter = new RateLimiter(config.rateLimit(), SLIP);
    DnsServer server;
    try {
      server = DnsServer.start(
          DnsServer.Config.of(InetAddress.getByName(config.bind()), config.port(), limiter),
          new QueryHandler(new Authority(set)));
    } catch (java.net.BindException e) {
      throw new IOException(
          "cannot listen for dns on " + config.bind() + ":" + config.port() + " (" + e.getMessage()
              + "); stop what uses that port, or choose another with --dns-port PORT (0 picks a"
              + " free one) or --bind HOST",
          e);
    }
    List<UserZone> zones = new ArrayList<>();
    List<String> addresses = addresses(config);
    try {
      for (UserName user : config.home().users().list()) {
        var zone = new UserZone(
            config.stores().of(user).branch("main"),
            defaultOrigin(user),
            key,
            set,
            config.stores().device());
        zone.start(entry(config, addresses, key));
        zones.add(zone);
      }
    } catch (IOException | RuntimeException e) {
      zones.forEach(UserZone::close);
      server.close();
      throw e;
    }
    var service = new DnsService(config, key, server, zones, addresses);
    service.timer.scheduleWithFixedDelay(
        service::check, CHECK_EVERY.toSeconds(), CHECK_EVERY.toSeconds(), TimeUnit.SECONDS);
    return service;
  }

  /** The names of the zones it serves, for the {@code zone NAME} lines. */
  public List<String> zones() {
    return zones.stream()
        .map(UserZone::current)
        .filter(java.util.Objects::nonNull) // a zone that could not be signed is not served
        .map(z -> z.origin().toString(true))
        .sorted()
        .toList();
  }

  @Override
  public List<Listener> listeners() {
    String host = config.bind();
    return List.of(
        new Listener("dns-udp", host, server.port()), new Listener("dns-tcp", host, server.port()));
  }

  @Override
  public void close() {
    timer.shutdownNow();
    server.close();
    zones.forEach(UserZone::close);
  }

  /** Publishes changed addresses, and signs again what is due. */
  private void check() {
    try {
      List<String> now = addresses(config);
      if (!now.equals(published)) {
        LOG.info("dns: this device's addresses changed to {}", now);
        published = now;
        DeviceEntry entry = entry(config, now, key);
        zones.forEach(z -> z.publish(entry));
      }
      zones.forEach(z -> z.refresh(Instant.now()));
    } catch (SocketException | RuntimeException e) {
      LOG.warn("dns: periodic check failed: {}", e.toString());
    }
  }

  /** {@code USER.nymote.test.}: the zone's name until the user sets a domain. */
  public static Name defaultOrigin(UserName user) {
    return ZoneData.absolute(DeviceEntry.labelOf(user.value()) + "." + DEFAULT_PARENT);
  }

  private static DeviceEntry entry(Config config, List<String> addresses, ZoneKey key) {
    Map<String, Integer> services = new TreeMap<>();
    for (Listener l : config.services()) {
      services.put(l.service(), l.port());
    }
    return new DeviceEntry(
        DeviceEntry.labelOf(config.stores().device()), addresses, services, key.dnskeyField());
  }

  /** The addresses given, else the bind address, else those of the interfaces that are up. */
  private static List<String> addresses(Config config) throws SocketException {
    if (!config.addresses().isEmpty()) {
      return config.addresses().stream().sorted().toList();
    }
    String bind = config.bind();
    if (!List.of("0.0.0.0", "::", "[::]", "").contains(bind)) {
      return List.of(bind);
    }
    List<String> found = new ArrayList<>();
    for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!i.isUp() || i.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(i.getInetAddresses())) {
        if (!a.isLinkLocalAddress() && !a.isLoopbackAddress() && !a.isMulticastAddress()) {
          String text = a.getHostAddress();
          found.add(
              a instanceof Inet6Address && text.contains("%")
                  ? text.substring(0, text.indexOf('%'))
                  : text);
        }
      }
    }
    return found.isEmpty() ? List.of("127.0.0.1") : found.stream().sorted().toList();
  }
}
