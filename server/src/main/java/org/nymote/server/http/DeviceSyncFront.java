package org.nymote.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
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
import org.nymote.server.devices.DeviceCaller;
import org.nymote.server.devices.DeviceClient;
import org.nymote.server.devices.DeviceIdentity;
import org.nymote.server.devices.DevicesHandler;
import org.nymote.server.devices.PairHandler;
import org.nymote.server.files.PrivateFiles;
import org.nymote.server.git.GitHttp;
import org.nymote.server.relay.RelayHandler;
import org.nymote.server.relay.RelayHub;
import org.nymote.server.rest.RestErrors;
import org.nymote.server.service.Listener;
import org.nymote.server.service.Service;
import org.nymote.server.stores.Stores;
import org.nymote.signpost.identity.DeviceTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device-sync listener ({@code listening device-sync HOST:PORT}): HTTPS where this device
 * presents its own certificate and trusts exactly the user's devices (TLS 1.3, client
 * certificates signed by the user's root and not revoked). Routes: {@code /pair} (no client
 * certificate yet: the invitation's token is the proof), {@code /git/USER/store.git} (Git smart
 * HTTP, as {@link GitHttp}), {@code /devices} and {@code /relay/} ({@link RelayHandler}) for
 * paired devices only. It writes {@code
 * run/device.url} in the home while it runs, for the device commands of this home.
 */
public final class DeviceSyncFront implements Service {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceSyncFront.class);

  private final Server server;
  private final List<Listener> listeners;
  private final Path urlFile;

  private DeviceSyncFront(Server server, List<Listener> listeners, Path urlFile) {
    this.server = server;
    this.listeners = listeners;
    this.urlFile = urlFile;
  }

  /**
   * Binds {@code host:port} (0: any free port) and serves {@code identity}'s user; relays for the
   * user's devices if given a {@code relay}.
   */
  public static DeviceSyncFront start(
      String host,
      int port,
      Path homeDir,
      DeviceIdentity identity,
      Stores stores,
      Optional<RelayHub> relay)
      throws IOException {
    var threads = new QueuedThreadPool();
    threads.setName("device-sync");
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    var server = new Server(threads);
    server.setStopTimeout(5_000);
    var http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setUriCompliance(StrictUris.COMPLIANCE);
    var secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false);
    http.addCustomizer(secure);
    var tls = new SslContextFactory.Server();
    tls.setSslContext(
        DeviceTls.context(identity.keyManager(), DeviceCaller.trustOf(identity, stores)));
    // Wanted, not needed: a joining device has no certificate yet. The handlers check.
    tls.setWantClientAuth(true);
    var connector = new ServerConnector(
        server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
    server.addConnector(connector);

    var caller = new DeviceCaller(identity, stores);
    var routes = new PathMappingsHandler();
    routes.addMapping(
        new ServletPathSpec("/pair"),
        new StrictUris(new PairHandler(homeDir, stores, identity, Clock.systemUTC())));
    routes.addMapping(
        new ServletPathSpec("/git/*"),
        new StrictUris(GitHttp.forCallers(stores, r -> caller.of(r))));
    routes.addMapping(
        new ServletPathSpec("/devices/*"),
        new StrictUris(new DevicesHandler(stores, identity, caller)));
    routes.addMapping(
        new ServletPathSpec("/relay/*"), new StrictUris(new RelayHandler(relay, caller)));
    server.setHandler(new ContextHandler(routes, "/"));
    server.setErrorHandler(new RestErrors());
    connector.setHost(host);
    connector.setPort(port);
    try {
      connector.open();
    } catch (IOException e) {
      throw new BindException("device-sync", host, port, "--device-port", e);
    }
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception ignored) {
        // reported below
      }
      throw new IOException("cannot start the device-sync listener: " + e.getMessage(), e);
    }
    var listener = new Listener("device-sync", host, connector.getLocalPort());
    Path urlFile = DeviceClient.urlFile(homeDir);
    PrivateFiles.write(
        urlFile,
        ("https://" + reachable(host) + ":" + listener.port() + "/\n")
            .getBytes(StandardCharsets.UTF_8));
    LOG.info("device-sync listener started for {} as {}", identity.user(), identity.name());
    return new DeviceSyncFront(server, List.of(listener), urlFile);
  }

  private static String reachable(String host) {
    return switch (host) {
      case "0.0.0.0", "", "*" -> "127.0.0.1";
      case "::", "[::]" -> "[::1]";
      default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    };
  }

  @Override
  public List<Listener> listeners() {
    return listeners;
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(urlFile);
      server.stop();
    } catch (Exception e) {
      LOG.warn("the device-sync listener did not stop cleanly", e);
    }
  }
}
