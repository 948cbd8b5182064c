package org.nymote.server.rest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Blocker;
import org.nymote.store.Change;
import org.nymote.store.Commit;
import org.nymote.store.Watch;
import org.nymote.store.WatchEvent;

/**
 * Writes a {@link Reply.Events} as Server-Sent Events (HTML Living Standard, "Server-sent
 * events"): per commit {@code id: <commit>}, {@code event: change}, {@code data: {"commit":
 * ..,"changes": [..]}}, and a comment every 15 s that keeps the connection open and finds out when
 * the client has gone. Blocks the request's (virtual) thread until then.
 *
 * <p>A client that falls {@value #MAX_QUEUED} events behind is cut off; reconnecting with {@code
 * Last-Event-ID} brings it up to date in one event.
 */
final class EventStream {
  static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
  static final int MAX_QUEUED = 1024;
  /** How often the stream looks whether it should end (the server stopping, say). */
  private static final Duration TICK = Duration.ofSeconds(1);

  private EventStream() {}

  record EventJson(String commit, List<ChangeJson> changes) {}

  /**
   * Streams until the client goes (an {@link IOException} on write: a keep-alive finds it within
   * two of them), the connection fails, the server stops, or the client falls too far behind.
   */
  static void run(Reply.Events events, Request request, Response response) throws IOException {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Accel-Buffering", "no");
    BlockingQueue<WatchEvent> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
    var ended = new AtomicBoolean();
    request.addFailureListener(failure -> ended.set(true));
    Watch watch = events.branch().watch(events.prefix(), e -> {
      if (!queue.offer(e)) {
        ended.set(true); // too far behind: Last-Event-ID brings it up to date
      }
    });
    Server server = request.getConnectionMetaData().getConnector().getServer();
    try {
      send(response, ": watching " + events.branch().name() + "\n\n");
      catchUp(events, response);
      long quietSince = System.nanoTime();
      while (!ended.get() && !server.isStopping()) {
        WatchEvent e = queue.poll(TICK.toMillis(), TimeUnit.MILLISECONDS);
        if (e != null) {
          send(response, event(e.after(), e.changes()));
        } else if (System.nanoTime() - quietSince >= KEEP_ALIVE.toNanos()) {
          send(response, ": keep-alive\n\n");
        } else {
          continue;
        }
        quietSince = System.nanoTime();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      watch.close();
    }
  }

  /** After a reconnect: one event with what changed from the client's last commit to the head. */
  private static void catchUp(Reply.Events events, Response response) throws IOException {
    if (events.since().isEmpty()) {
      return;
    }
    Commit since = events.since().get();
    var head = events.branch().head();
    if (head.isEmpty() || head.get().id().equals(since.id())) {
      return;
    }
    var repo = events.repo();
    List<Change> changes = repo.diff(repo.tree(since), repo.tree(head.get()), events.prefix());
    if (!changes.isEmpty()) {
      send(response, event(head.get(), changes));
    }
  }

  private static String event(Commit commit, List<Change> changes) {
    String data = new String(
        Json.write(new EventJson(Ids.name(commit.id()), ChangeJson.of(changes))),
        StandardCharsets.UTF_8);
    // Jackson writes one line: a newline inside a string is escaped.
    return "id: " + Ids.name(commit.id()) + "\nevent: change\ndata: " + data + "\n\n";
  }

  private static void send(Response response, String text) throws IOException {
    try (Blocker.Callback written = Blocker.callback()) {
      response.write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), written);
      written.block();
    }
  }
}
