package org.nymote.server.stores;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.nymote.dav.merge.DavContents;
import org.nymote.mail.store.MailLayout;
import org.nymote.server.Home;
import org.nymote.server.service.Listener;
import org.nymote.server.service.Service;
import org.nymote.server.users.UserName;
import org.nymote.store.Repo;
import org.nymote.store.Schema;
import org.nymote.store.types.StandardTypes;

/**
 * The users' stores of one home, each opened on first use and kept open until {@link #close}: a
 * store may be open in one process only, so every service of {@code nymote serve} (REST, Git,
 * sync, and later mail and DAV) goes through this one. Thread-safe.
 */
public final class Stores implements Service {
  private final Home home;
  private final String device;
  private final Schema schema;
  private final Map<UserName, Repo> open = new ConcurrentHashMap<>();
  private final Map<UserName, ReentrantLock> syncLocks = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public Stores(Home home, String device) {
    this(home, device, userSchema());
  }

  public Stores(Home home, String device, Schema schema) {
    this.home = home;
    this.device = device;
    this.schema = schema;
  }

  /**
   * The schema of a user's store: the mailstore's rules (see docs/mail.md), vCards and calendar
   * objects merged as DavContents says (docs/dav.md), then the standard mergeable types by name.
   */
  public static Schema userSchema() {
    return StandardTypes.addTo(DavContents.rules(MailLayout.addTo(Schema.builder())))
        .build();
  }

  /** The home whose stores these are. */
  public Home home() {
    return home;
  }

  /**
   * The lock held by whoever syncs {@code user}'s store with its remotes, so that the periodic
   * sync and one asked for over HTTP take turns instead of racing each other's pushes.
   */
  public ReentrantLock syncLock(UserName user) {
    return syncLocks.computeIfAbsent(user, u -> new ReentrantLock());
  }

  /** The name this replica writes into commits. */
  public String device() {
    return device;
  }

  /** The store of {@code user} (who must exist), opened or created on first use. */
  public Repo of(UserName user) {
    if (closed) {
      throw new IllegalStateException("the stores are closed");
    }
    return open.computeIfAbsent(user, u -> Repo.openOrInit(home.storeDir(u), schema));
  }

  @Override
  public List<Listener> listeners() {
    return List.of();
  }

  @Override
  public void close() {
    closed = true;
    for (Repo r : open.values()) {
      r.close();
    }
    open.clear();
  }
}
