package org.nymote.server.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /}: who the caller is and which version serves them, as JSON: {@code {"user":
 * "alice", "version": "0.1.0"}}. Runs behind {@link BasicAuth}; any other path is not found.
 */
final class StatusHandler extends Handler.Abstract.NonBlocking {
  private final String version;

  StatusHandler(String version) {
    this.version = version;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!"/".equals(Request.getPathInContext(request))) {
      return false;
    }
    if (Reply.onlyReads(request, response, callback)) {
      // User names are [a-z0-9_.-] and the version is ours: neither needs JSON escaping.
      String body =
          "{\"user\":\"" + BasicAuth.user(request) + "\",\"version\":\"" + version + "\"}\n";
      Reply.json(response, callback, 200, body);
    }
    return true;
  }
}
