package org.nymote.server.sync;

import java.io.IOException;
import java.net.URI;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.transport.TransportHttp;
import org.nymote.server.devices.DeviceCaller;
import org.nymote.server.devices.DeviceHttpConnections;
import org.nymote.server.devices.DeviceIdentity;
import org.nymote.server.relay.DeviceLinks;
import org.nymote.server.relay.LoopbackForwarder;
import org.nymote.server.relay.RelayClient;
import org.nymote.server.stores.Stores;
import org.nymote.server.users.UserName;
import org.nymote.signpost.identity.DeviceName;
import org.nymote.store.Repo;
import org.nymote.store.sync.Sync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs the users' stores of a home with their configured {@link Remotes}: fetch, merge by the
 * schema, push back ({@link Sync#sync}). Syncs of one user take turns ({@link Stores#syncLock});
 * those of different users run at once. One remote failing does not stop the others: each
 * remote's outcome is in the report. Thread-safe.
 */
public final class HomeSync {
  private static final Logger LOG = LoggerFactory.getLogger(HomeSync.class);

  /** How long a relayed link may pass no byte. */
  private static final Duration RELAYED_IDLE = Duration.ofMinutes(2);

  private final Stores stores;

  public HomeSync(Stores stores) {
    this.stores = stores;
  }

  /** The remotes of {@code user}'s store. */
  public Remotes remotes(UserName user) {
    return remotesOf(stores.home().dir(), user);
  }

  /** The remotes file of {@code user} in the home at {@code homeDir}: beside the store. */
  public static Remotes remotesOf(java.nio.file.Path homeDir, UserName user) {
    return new Remotes(homeDir.resolve("users").resolve(user.value()).resolve("remotes.json"));
  }

  /**
   * Syncs {@code user}'s store with the remote named {@code only}, or with every remote; throws
   * {@link UnknownRemoteException} if {@code only} names none.
   */
  public SyncReport sync(UserName user, Optional<String> only, ProgressMonitor progress)
      throws IOException, UnknownRemoteException {
    List<Remote> targets = new ArrayList<>();
    if (only.isPresent()) {
      targets.add(remotes(user)
          .find(only.get())
          .orElseThrow(() -> new UnknownRemoteException(user, only.get())));
    } else {
      targets.addAll(remotes(user).list());
    }
    ReentrantLock lock = stores.syncLock(user);
    lock.lock();
    try {
      Repo repo = stores.of(user);
      Remotes remotes = remotes(user);
      List<SyncReport.RemoteResult> results = new ArrayList<>();
      for (Remote remote : targets) {
        results.add(syncOne(repo, remotes, remote, progress));
      }
      return new SyncReport(user.value(), results);
    } finally {
      lock.unlock();
    }
  }

  private SyncReport.RemoteResult syncOne(
      Repo repo, Remotes remotes, Remote remote, ProgressMonitor progress) {
    Sync.Options options =
        Sync.Options.defaults(stores.device()).withRemoteName(remote.name()).withProgress(progress);
    if (remote.credentials().isPresent()) {
      options = options.withCredentials(remote.credentials().get());
    }
    try {
      if (remote.device()) {
        return syncDevice(repo, remotes, remote, options);
      }
      return result(remote, Sync.sync(repo, remote.url(), options));
    } catch (RuntimeException | IOException e) {
      return failed(remote, message(e));
    }
  }

  /**
   * Syncs with another of the user's devices, pinned to it: at its own address if that answers
   * (or if no relay is known for it), else through each of its relays in turn (docs/devices.md).
   */
  private SyncReport.RemoteResult syncDevice(
      Repo repo, Remotes remotes, Remote remote, Sync.Options options) throws IOException {
    DeviceIdentity identity = DeviceIdentity.find(stores.home().dir())
        .orElseThrow(() -> new IOException("this home has no device identity: pair it with"
            + " `nymote device join` or create one with `nymote identity init`"));
    var peer = new DeviceName(remote.name());
    var connections =
        new DeviceHttpConnections(identity, DeviceCaller.pinned(identity, stores, peer));
    Sync.Options device = options.withTransportSetup(t -> {
      if (t instanceof TransportHttp http) {
        http.setHttpConnectionFactory(connections);
      }
    });
    URI url = URI.create(remote.url());
    if (remote.via().isEmpty() || DeviceLinks.reachable(url)) {
      return result(remote, Sync.sync(repo, remote.url(), device));
    }
    List<String> failures = new ArrayList<>();
    failures.add(url.getHost() + ":" + url.getPort() + " cannot be reached");
    for (RelayClient relay : DeviceLinks.via(remote, remotes, identity, stores)) {
      try (var forwarder = LoopbackForwarder.start(() -> relay.open(peer), RELAYED_IDLE)) {
        String local = "https://127.0.0.1:" + forwarder.address().getPort() + url.getRawPath();
        try {
          SyncReport.RemoteResult done = result(remote, Sync.sync(repo, local, device));
          LOG.info("synced with {} through relay {}", remote.name(), relay.device());
          return done;
        } catch (RuntimeException e) {
          IOException why = forwarder.lastFailure();
          failures.add("through relay " + relay.device() + ": "
              + (why != null ? why.getMessage() : message(e)));
        }
      }
    }
    return failed(remote, String.join("; ", failures));
  }

  private static SyncReport.RemoteResult result(Remote remote, Sync.Report report) {
    Map<String, List<String>> branches = new LinkedHashMap<>();
    int conflicts = 0;
    for (var b : new java.util.TreeMap<>(report.branches()).values()) {
      branches.put(b.branch(), b.outcomes().stream().map(Enum::name).toList());
      conflicts += b.conflicts().size();
    }
    LOG.info("synced with {}: {}", remote.name(), branches);
    return new SyncReport.RemoteResult(
        remote.name(), Optional.empty(), report.rounds(), branches, conflicts);
  }

  private static SyncReport.RemoteResult failed(Remote remote, String message) {
    LOG.warn("sync with {} failed: {}", remote.name(), message);
    return new SyncReport.RemoteResult(remote.name(), Optional.of(message), 0, Map.of(), 0);
  }

  /** The exception's message, and the certificate check's if a TLS handshake was refused. */
  private static String message(Exception e) {
    String message = String.valueOf(e.getMessage());
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException c
          && c.getMessage() != null
          && !message.contains(c.getMessage())) {
        return message + ": " + c.getMessage();
      }
    }
    return message;
  }

  /** No remote of that name is configured for the user. */
  public static final class UnknownRemoteException extends Exception {
    public UnknownRemoteException(UserName user, String name) {
      super(
          "user " + user + " has no remote '" + name + "'; `nymote remote list --user " + user
              + "` shows them, `nymote remote add` adds one",
          null,
          false,
          false);
    }
  }
}
