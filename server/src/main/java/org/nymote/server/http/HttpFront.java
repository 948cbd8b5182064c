package org.nymote.server.http;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.nymote.server.dav.DavHttp;
import org.nymote.server.git.GitHttp;
import org.nymote.server.mail.LocalMailJobs;
import org.nymote.server.rest.RestApi;
import org.nymote.server.rest.RestErrors;
import org.nymote.server.service.Listener;
import org.nymote.server.service.Service;
import org.nymote.server.smtp.MailDomains;
import org.nymote.server.stores.Stores;
import org.nymote.server.tls.TlsIdentity;
import org.nymote.server.users.Authenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front: plain HTTP and HTTPS on Jetty, requests handled on virtual threads.
 *
 * <p>Routes: {@code /healthz} and the mail autoconfig document ({@link MailAutoconfig}) answer
 * without authentication; everything else passes {@link BasicAuth} first. Only {@code /api/} takes {@code %2F}, {@code %25} or an empty segment in its
 * path ({@link StrictUris}); Jetty's own error pages are problem details there ({@link
 * RestErrors}). This is the one place where the route table and its filters are assembled.
 */
public final class HttpFront implements Service {
  private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);

  /** What the front needs. Port 0 picks a free port. */
  public record Config(
      String host,
      int httpPort,
      int httpsPort,
      TlsIdentity tls,
      Authenticator users,
      Stores stores,
      String version) {}

  private final Server server;
  private final List<Listener> listeners;
  private final MailAutoconfig autoconfig;

  private HttpFront(Server server, List<Listener> listeners, MailAutoconfig autoconfig) {
    this.server = server;
    this.listeners = listeners;
    this.autoconfig = autoconfig;
  }

  /**
   * Starts answering the mail autoconfig document (until then 503), once every service listens:
   * this device's label in the users' zones, the zones served, the home's mail domains, and every
   * listener of the serve.
   */
  public void offer(
      String deviceLabel,
      Supplier<List<String>> zones,
      MailDomains mailDomains,
      List<Listener> all) {
    var ports = new TreeMap<String, Integer>();
    all.forEach(l -> ports.putIfAbsent(l.service(), l.port()));
    autoconfig.offer(new MailAutoconfig.Offer(deviceLabel, zones, mailDomains, Map.copyOf(ports)));
  }

  /** Binds both ports and starts serving; throws {@link BindException} naming a busy port. */
  public static HttpFront start(Config config) throws IOException {
    var threads = new QueuedThreadPool();
    threads.setName("http");
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    var server = new Server(threads);
    server.setStopTimeout(5_000);

    var http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setUriCompliance(StrictUris.COMPLIANCE);
    var plain = new ServerConnector(server, new HttpConnectionFactory(http));
    var https = new HttpConfiguration(http);
    var secure = new SecureRequestCustomizer();
    // The certificate is self-signed for a few names; clients pin it, so do not refuse other names.
    secure.setSniHostCheck(false);
    https.addCustomizer(secure);
    var tls = new SslContextFactory.Server();
    tls.setKeyStore(config.tls().keyStore());
    tls.setKeyStorePassword(new String(config.tls().password()));
    var encrypted = new ServerConnector(
        server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(https));

    server.addConnector(plain);
    server.addConnector(encrypted);
    var autoconfig = new MailAutoconfig();
    server.setHandler(new ContextHandler(routes(config, autoconfig), "/"));
    server.setErrorHandler(new RestErrors());
    try {
      open(plain, "http", config.host(), config.httpPort(), "--http-port");
      open(encrypted, "https", config.host(), config.httpsPort(), "--https-port");
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      if (e instanceof IOException io) {
        throw io;
      }
      throw new IOException("cannot start the HTTP front: " + e.getMessage(), e);
    }
    var listeners = List.of(
        new Listener("http", config.host(), plain.getLocalPort()),
        new Listener("https", config.host(), encrypted.getLocalPort()));
    LOG.info("HTTP front started: {}", listeners);
    return new HttpFront(server, listeners, autoconfig);
  }

  private static PathMappingsHandler routes(Config config, MailAutoconfig autoconfig) {
    var routes = new PathMappingsHandler();
    routes.addMapping(new ServletPathSpec("/healthz"), new StrictUris(new HealthHandler()));
    for (String path : MailAutoconfig.PATHS) {
      routes.addMapping(new ServletPathSpec(path), new StrictUris(autoconfig));
    }
    routes.addMapping(
        new ServletPathSpec("/git/*"),
        new StrictUris(new GitHttp(config.users(), config.stores())));
    // The API alone reads "%2F", "%25" and "//": it splits the path as sent, segment by segment.
    routes.addMapping(
        new ServletPathSpec("/api/*"), RestApi.create(config.users(), config.stores()));
    var dav = new DavHttp(config.users(), config.stores());
    routes.addMapping(new ServletPathSpec(DavHttp.PREFIX + "/*"), dav);
    routes.addMapping(new ServletPathSpec("/.well-known/caldav"), dav);
    routes.addMapping(new ServletPathSpec("/.well-known/carddav"), dav);
    routes.addMapping(
        new ServletPathSpec(LocalMailJobs.PREFIX + "/*"),
        new StrictUris(new LocalMailJobs(config.stores())));
    routes.addMapping(
        new ServletPathSpec("/"),
        new StrictUris(new BasicAuth(config.users(), new StatusHandler(config.version()))));
    return routes;
  }

  private static void open(
      ServerConnector connector, String service, String host, int port, String flag)
      throws BindException {
    connector.setHost(host);
    connector.setPort(port);
    try {
      connector.open();
    } catch (IOException e) {
      throw new BindException(service, host, port, flag, e);
    }
  }

  @Override
  public List<Listener> listeners() {
    return listeners;
  }

  @Override
  public void close() {
    stopQuietly(server);
    LOG.info("HTTP front stopped");
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("the HTTP front did not stop cleanly", e);
    }
  }
}
