package org.nymote.store;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.nymote.store.internal.Committer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers one watch's events in order on a virtual thread of its own. */
final class WatchThread {
  private static final Logger log = LoggerFactory.getLogger(WatchThread.class);

  private final Repo repo;
  private final String branch;
  private final Path prefix;
  private final Consumer<WatchEvent> listener;
  private final LinkedBlockingQueue<Committer.Moved> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  WatchThread(Repo repo, String branch, Path prefix, Consumer<WatchEvent> listener) {
    this.repo = repo;
    this.branch = branch;
    this.prefix = prefix;
    this.listener = listener;
    this.thread = Thread.ofVirtual().name("nymote-watch-" + branch).start(this::run);
  }

  void offer(Committer.Moved m) {
    if (!closed && m.branch().equals(branch)) {
      queue.add(m);
    }
  }

  private void run() {
    while (!closed) {
      Committer.Moved m;
      try {
        m = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (m.after().commit() == null) {
        continue;
      }
      List<Change> changes = repo.diff(m.before().tree(), m.after().tree(), prefix);
      if (changes.isEmpty() || closed) {
        continue;
      }
      try {
        listener.accept(new WatchEvent(
            branch, Optional.ofNullable(m.before().commit()), m.after().commit(), changes));
      } catch (RuntimeException e) {
        log.warn("a watch listener on {} failed: {}", branch, e.toString());
      }
    }
  }

  void close() {
    closed = true;
    thread.interrupt();
  }
}
