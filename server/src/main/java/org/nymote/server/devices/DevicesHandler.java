package org.nymote.server.devices;

import java.io.IOException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.nymote.server.stores.Stores;
import org.nymote.signpost.identity.DeviceName;
import org.nymote.store.Repo;

/**
 * {@code GET /devices} (one line per device: name, certificate fingerprint, {@code active} or
 * {@code revoked}) and {@code POST /devices/revoke?name=NAME}, for any of the user's active
 * devices ({@link DeviceCaller}); this is how {@code nymote device list|revoke} reach a store
 * that a running serve holds open. 403 for anyone else, 404 an unknown device.
 */
public final class DevicesHandler extends Handler.Abstract {
  private final Stores stores;
  private final DeviceIdentity identity;
  private final DeviceCaller caller;

  public DevicesHandler(Stores stores, DeviceIdentity identity, DeviceCaller caller) {
    this.stores = stores;
    this.identity = identity;
    this.caller = caller;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws IOException {
    if (caller.of(request).isEmpty()) {
      TextReply.send(response, callback, 403, "forbidden: only the user's paired devices");
      return true;
    }
    Repo repo = stores.of(identity.user());
    String path = request.getHttpURI().getPath();
    String method = request.getMethod();
    if (path.equals("/devices") && method.equals("GET")) {
      TextReply.send(response, callback, 200, DeviceCommands.listing(repo));
    } else if (path.equals("/devices/revoke") && method.equals("POST")) {
      Fields query = Request.extractQueryParameters(request);
      String name = query.getValue("name");
      if (!DeviceName.isValid(name)) {
        TextReply.send(response, callback, 400, "give ?name=DEVICE, a valid device name");
      } else if (DeviceRegistry.revoke(repo, stores.device(), new DeviceName(name))) {
        TextReply.send(response, callback, 200, "revoked " + name);
      } else {
        TextReply.send(response, callback, 404, "no device named " + name);
      }
    } else {
      TextReply.send(response, callback, 404, "GET /devices or POST /devices/revoke?name=NAME");
    }
    return true;
  }
}
