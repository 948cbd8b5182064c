package org.nymote.server.sync;

import java.io.IOException;
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
import org.nymote.server.stores.Stores;
import org.nymote.server.users.UserName;
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
      List<SyncReport.RemoteResult> results = new ArrayList<>();
      for (Remote remote : targets) {
        results.add(syncOne(repo, remote, progress));
      }
      return new SyncReport(user.value(), results);
    } finally {
      lock.unlock();
    }
  }

  private SyncReport.RemoteResult syncOne(Repo repo, Remote remote, ProgressMonitor progress) {
    Sync.Options options =
        Sync.Options.defaults(stores.device()).withRemoteName(remote.name()).withProgress(progress);
    if (remote.credentials().isPresent()) {
      options = options.withCredentials(remote.credentials().get());
    }
    try {
      if (remote.device()) {
        options = options.withTransportSetup(deviceTransport());
      }
      Sync.Report report = Sync.sync(repo, remote.url(), options);
      Map<String, List<String>> branches = new LinkedHashMap<>();
      int conflicts = 0;
      for (var b : new java.util.TreeMap<>(report.branches()).values()) {
        branches.put(b.branch(), b.outcomes().stream().map(Enum::name).toList());
        conflicts += b.conflicts().size();
      }
      LOG.info("synced with {}: {}", remote.name(), branches);
      return new SyncReport.RemoteResult(
          remote.name(), Optional.empty(), report.rounds(), branches, conflicts);
    } catch (RuntimeException | IOException e) {
      LOG.warn("sync with {} failed: {}", remote.name(), e.getMessage());
      return new SyncReport.RemoteResult(
          remote.name(), Optional.of(e.getMessage()), 0, Map.of(), 0);
    }
  }

  /**
   * Sets up an HTTP transport to present this device's certificate and to trust the peer only as
   * one of the user's devices not revoked in the store.
   */
  private java.util.function.Consumer<org.eclipse.jgit.transport.Transport> deviceTransport()
      throws IOException {
    DeviceIdentity identity = DeviceIdentity.find(stores.home().dir())
        .orElseThrow(() -> new IOException("this home has no device identity: pair it with"
            + " `nymote device join` or create one with `nymote identity init`"));
    var connections = new DeviceHttpConnections(identity, DeviceCaller.trustOf(identity, stores));
    return t -> {
      if (t instanceof TransportHttp http) {
        http.setHttpConnectionFactory(connections);
      }
    };
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
