package org.nymote.server.relay;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.nymote.server.devices.DeviceCaller;
import org.nymote.signpost.identity.DeviceName;

/**
 * The relay's requests on the device-sync listener, for the user's active devices only (403
 * otherwise; a revoked or foreign device does not get past the TLS handshake):
 *
 * <ul>
 *   <li>{@code POST /relay/listen}: attaches the calling device; the answer is a stream of lines,
 *       {@code session TOKEN PORT} for each session opened to it and {@code ping} every {@link
 *       #PING}, until the device goes away, is revoked, or attaches again;
 *   <li>{@code POST /relay/connect?device=NAME}: opens a session to the attached device {@code
 *       NAME}, answers {@code TOKEN PORT} (404 if it is not attached).
 * </ul>
 *
 * 503 if this device does not relay ({@code serve} without {@code --relay-port}).
 */
public final class RelayHandler extends Handler.Abstract {
  static final Duration PING = Duration.ofSeconds(10);

  private final Optional<RelayHub> hub;
  private final DeviceCaller caller;

  public RelayHandler(Optional<RelayHub> hub, DeviceCaller caller) {
    this.hub = hub;
    this.caller = caller;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws IOException {
    Optional<DeviceName> device = caller.device(request);
    String path = request.getHttpURI().getPath();
    if (device.isEmpty()) {
      send(response, callback, 403, "forbidden: only the user's paired devices use this relay");
    } else if (!request.getMethod().equals("POST")) {
      send(response, callback, 405, "POST /relay/listen or POST /relay/connect?device=NAME");
    } else if (hub.isEmpty()) {
      send(response, callback, 503, "this device does not relay: its serve needs --relay-port");
    } else if (path.equals("/relay/connect")) {
      connect(request, response, callback, device.get(), hub.get());
    } else if (path.equals("/relay/listen")) {
      listen(request, response, callback, device.get(), hub.get());
    } else {
      send(response, callback, 404, "POST /relay/listen or POST /relay/connect?device=NAME");
    }
    return true;
  }

  private static void connect(
      Request request, Response response, Callback callback, DeviceName from, RelayHub hub) {
    String to = Request.extractQueryParameters(request).getValue("device");
    if (!DeviceName.isValid(to)) {
      send(response, callback, 400, "give ?device=NAME, a valid device name");
      return;
    }
    try {
      String token = hub.open(from, new DeviceName(to));
      send(response, callback, 200, token + " " + hub.port());
    } catch (RelayHub.Refused e) {
      send(response, callback, e.status(), e.getMessage());
    }
  }

  private void listen(
      Request request, Response response, Callback callback, DeviceName device, RelayHub hub) {
    RelayHub.Attachment attachment = hub.attach(device);
    if (attachment == null) {
      send(response, callback, 503, "this relay has too many devices attached");
      return;
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      line(out, "attached " + device);
      while (!attachment.closed()) {
        Optional<String> token = attachment.next(PING);
        if (caller.device(request).isEmpty()) {
          break; // revoked since it attached
        }
        line(out, token.map(t -> "session " + t + " " + hub.port()).orElse("ping"));
      }
    } catch (IOException e) {
      callback.failed(e);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      callback.failed(e);
      return;
    } finally {
      hub.detach(attachment);
    }
    callback.succeeded();
  }

  private static void line(OutputStream out, String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void send(Response response, Callback callback, int status, String text) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Content.Sink.write(response, true, text + "\n", callback);
  }
}
