package org.nymote.server.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.nymote.mail.smtp.SmtpConfig;
import org.nymote.mail.smtp.SmtpLimits;
import org.nymote.mail.smtp.SmtpMode;
import org.nymote.mail.smtp.SmtpServer;
import org.nymote.mail.smtp.queue.MxLookup;
import org.nymote.mail.smtp.queue.OutboundQueue;
import org.nymote.mail.smtp.queue.Relays;
import org.nymote.mail.smtp.queue.RetrySchedule;
import org.nymote.mail.smtp.queue.Spool;
import org.nymote.server.Home;
import org.nymote.server.service.Listener;
import org.nymote.server.service.Service;
import org.nymote.server.stores.Stores;
import org.nymote.server.tls.TlsIdentity;

/**
 * SMTP for {@code nymote serve}: inbound SMTP, submission with STARTTLS, submission over implicit
 * TLS, and LMTP on loopback, all delivering into the users' INBOXes, with the outbound queue in
 * the home's {@code spool/outbound}. Starts listening in {@link #start}; {@link #close} stops all.
 */
public final class SmtpService implements Service {
  private final List<SmtpServer> servers;
  private final List<Listener> listeners;
  private final OutboundQueue queue;

  private SmtpService(List<SmtpServer> servers, List<Listener> listeners, OutboundQueue queue) {
    this.servers = servers;
    this.listeners = listeners;
    this.queue = queue;
  }

  /** Starts the listeners on {@code bind} (LMTP always on loopback). */
  public static SmtpService start(
      SmtpOptions options, String bind, Home home, Stores stores, TlsIdentity tls)
      throws IOException {
    options.validate();
    var domains = new MailDomains(home.dir());
    Clock clock = Clock.systemUTC();
    var delivery = new HomeDelivery(domains, home.users(), stores, clock);
    String hostname = hostname(options, domains);
    SSLContext context = sslContext(tls);
    var queue = OutboundQueue.start(new OutboundQueue.Config(
        new Spool(home.dir().resolve("spool").resolve("outbound")),
        relays(options),
        hostname,
        new RetrySchedule(options.queueRetry, Duration.ofHours(1), options.queueLifetime),
        Duration.ofMinutes(2),
        delivery,
        clock));
    List<SmtpServer> servers = new ArrayList<>();
    List<Listener> listeners = new ArrayList<>();
    try {
      InetAddress host = InetAddress.getByName(bind);
      InetAddress loopback = InetAddress.getLoopbackAddress();
      record Spec(String name, SmtpMode mode, boolean implicitTls, InetAddress host, int port) {}
      for (Spec spec : List.of(
          new Spec("smtp", SmtpMode.SMTP, false, host, options.smtpPort),
          new Spec("submission", SmtpMode.SUBMISSION, false, host, options.submissionPort),
          new Spec("submissions", SmtpMode.SUBMISSION, true, host, options.submissionsPort),
          new Spec("lmtp", SmtpMode.LMTP, false, loopback, options.lmtpPort))) {
        // LMTP carries no authentication: it listens on loopback only, whatever --bind says.
        var config = new SmtpConfig(
            spec.mode(),
            hostname,
            context,
            spec.implicitTls(),
            spec.mode() == SmtpMode.LMTP,
            SmtpLimits.defaults(),
            delivery,
            queue,
            delivery,
            clock);
        SmtpServer server;
        try {
          server = SmtpServer.start(config, spec.host(), spec.port());
        } catch (IOException e) {
          throw new IOException(
              "cannot listen for " + spec.name() + " on "
                  + spec.host().getHostAddress() + ":" + spec.port() + " (--" + spec.name()
                  + "-port): " + e.getCause().getMessage(),
              e);
        }
        servers.add(server);
        listeners.add(new Listener(
            spec.name(), spec.host().getHostAddress(), server.address().getPort()));
      }
    } catch (IOException | RuntimeException e) {
      servers.forEach(SmtpServer::close);
      queue.close();
      throw e;
    }
    return new SmtpService(servers, listeners, queue);
  }

  private static String hostname(SmtpOptions options, MailDomains domains) throws IOException {
    if (options.hostname != null && !options.hostname.isBlank()) {
      return options.hostname;
    }
    List<String> names = domains.list();
    return names.isEmpty() ? "localhost" : "mx." + names.getFirst();
  }

  private static Relays relays(SmtpOptions options) {
    if (options.smarthost != null) {
      InetSocketAddress at = hostPort(options.smarthost, "--smarthost", 25);
      return Relays.smarthost(at.getHostString(), at.getPort());
    }
    if (options.dns != null) {
      InetSocketAddress at = hostPort(options.dns, "--dns", 53);
      return MxLookup.using(
          new InetSocketAddress(at.getHostString(), at.getPort()), options.outboundPort);
    }
    return MxLookup.system(options.outboundPort);
  }

  /** {@code HOST:PORT}, {@code [V6]:PORT} or {@code HOST} (with the default port). */
  static InetSocketAddress hostPort(String text, String option, int defaultPort) {
    String host = text;
    String port = null;
    if (text.startsWith("[") && text.contains("]")) {
      host = text.substring(1, text.indexOf(']'));
      String rest = text.substring(text.indexOf(']') + 1);
      port = rest.startsWith(":") ? rest.substring(1) : rest.isEmpty() ? null : "bad";
    } else if (text.indexOf(':') > 0 && text.indexOf(':') == text.lastIndexOf(':')) {
      host = text.substring(0, text.indexOf(':'));
      port = text.substring(text.indexOf(':') + 1);
    }
    int number = defaultPort;
    if (port != null) {
      number = port.matches("\\d{1,5}") ? Integer.parseInt(port) : -1;
    }
    if (host.isEmpty() || number < 1 || number > 65535) {
      throw new IllegalArgumentException(option + " takes HOST:PORT, not '" + text + "'");
    }
    return InetSocketAddress.createUnresolved(host, number);
  }

  private static SSLContext sslContext(TlsIdentity tls) throws IOException {
    try {
      var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(tls.keyStore(), tls.password());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS for SMTP: " + e.getMessage(), e);
    }
  }

  @Override
  public List<Listener> listeners() {
    return listeners;
  }

  @Override
  public void close() {
    servers.forEach(SmtpServer::close);
    queue.close();
  }
}
