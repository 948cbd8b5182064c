package org.nymote.server.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code GET /healthz}: 200 {@code ok} while the server runs. No authentication. */
final class HealthHandler extends Handler.Abstract.NonBlocking {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (Reply.onlyReads(request, response, callback)) {
      Reply.text(response, callback, 200, "ok\n");
    }
    return true;
  }
}
