package org.nymote.server.rest;

import java.util.List;
import java.util.Optional;
import org.nymote.store.Branch;
import org.nymote.store.Commit;
import org.nymote.store.Path;
import org.nymote.store.Repo;

/**
 * What a handler answers, as a value; {@link ReplyWriter} turns it into bytes. Handlers never
 * write to the response themselves.
 */
sealed interface Reply {
  /** One response header. */
  record Header(String name, String value) {}

  int status();

  List<Header> headers();

  /** A JSON body: {@code body} is a record (or list, map, string) that Jackson serialises. */
  record Json(int status, String contentType, Object body, List<Header> headers) implements Reply {
    Json(int status, Object body, List<Header> headers) {
      this(status, "application/json", body, headers);
    }

    Json(int status, Object body) {
      this(status, body, List.of());
    }
  }

  /** Raw bytes: a value. */
  record Bytes(int status, String contentType, byte[] body, List<Header> headers)
      implements Reply {}

  /** No body: 204, 304. */
  record Empty(int status, List<Header> headers) implements Reply {}

  /**
   * A stream of Server-Sent Events for each change under {@code prefix} on {@code branch}, first
   * one for what changed since {@code since} (the client's {@code Last-Event-ID}), if given.
   */
  record Events(Repo repo, Branch branch, Path prefix, Optional<Commit> since) implements Reply {
    @Override
    public int status() {
      return 200;
    }

    @Override
    public List<Header> headers() {
      return List.of();
    }
  }
}
