package org.nymote.server.sync;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.nymote.server.service.Listener;
import org.nymote.server.service.Service;
import org.nymote.server.users.UserName;
import org.nymote.server.users.Users;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code nymote serve --sync-every DURATION}: syncs every user's store with all its remotes, then
 * waits {@code every} and does it again, on one background thread, until closed. A failed sync is
 * logged and tried again on the next round.
 */
public final class SyncSchedule implements Service {
  private static final Logger LOG = LoggerFactory.getLogger(SyncSchedule.class);

  private final ScheduledExecutorService timer;

  private SyncSchedule(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** Starts syncing {@code every} (positive), the first round one period from now. */
  public static SyncSchedule start(HomeSync sync, Users users, Duration every) {
    if (every.isZero() || every.isNegative()) {
      throw new IllegalArgumentException("the sync period must be positive, not " + every);
    }
    var timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sync-schedule");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(
        () -> syncAll(sync, users), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("syncing every {}", every);
    return new SyncSchedule(timer);
  }

  private static void syncAll(HomeSync sync, Users users) {
    try {
      for (UserName user : users.list()) {
        SyncReport report = sync.sync(user, Optional.empty(), NullProgressMonitor.INSTANCE);
        for (SyncReport.RemoteResult r : report.remotes()) {
          if (!r.ok()) {
            LOG.warn("periodic sync of {}: {}", user, r.describe());
          }
        }
      }
    } catch (Exception e) {
      // Keep the schedule alive: the next round tries again.
      LOG.warn("periodic sync failed: {}", e.getMessage());
    }
  }

  @Override
  public List<Listener> listeners() {
    return List.of();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
