package org.nymote.server.devices;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.nymote.server.stores.Stores;
import org.nymote.signpost.identity.Certificates;
import org.nymote.signpost.pairing.JoinRequest;
import org.nymote.signpost.pairing.JoinResponse;
import org.nymote.store.Repo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /pair}: a new device redeems an invitation ({@link JoinRequest}) and receives its
 * certificate, signed by the root ({@link JoinResponse}); the certificate is recorded in the store
 * in one update before the answer. Refusals: 400 a malformed request, 403 an unknown, used or
 * expired invitation, 409 a name another active device has, 503 if this device does not hold the
 * root key. An invitation is spent by any well-formed attempt that names it.
 */
public final class PairHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(PairHandler.class);

  private final Path homeDir;
  private final Stores stores;
  private final DeviceIdentity identity;
  private final Invitations invitations;
  private final Clock clock;

  public PairHandler(Path homeDir, Stores stores, DeviceIdentity identity, Clock clock) {
    this.homeDir = homeDir;
    this.stores = stores;
    this.identity = identity;
    this.invitations = new Invitations(homeDir);
    this.clock = clock;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws IOException {
    if (!request.getMethod().equals("POST")) {
      response.getHeaders().put("Allow", "POST");
      TextReply.send(response, callback, 405, "use POST to pair");
      return true;
    }
    String body = TextReply.body(request, JoinRequest.MAX_BYTES);
    if (body == null) {
      TextReply.send(
          response, callback, 413, "a join request is at most " + JoinRequest.MAX_BYTES + " bytes");
      return true;
    }
    JoinRequest join;
    try {
      join = JoinRequest.parse(body);
    } catch (IllegalArgumentException e) {
      TextReply.send(response, callback, 400, "bad join request: " + e.getMessage());
      return true;
    }
    var rootKey = DeviceIdentity.rootKey(homeDir);
    if (rootKey.isEmpty()) {
      TextReply.send(
          response,
          callback,
          503,
          "this device does not hold the root key: ask the"
              + " device that ran `nymote identity init` for an invitation");
      return true;
    }
    Repo repo = stores.of(identity.user());
    if (DeviceRegistry.isActive(repo, join.device())) {
      TextReply.send(
          response,
          callback,
          409,
          "a device named " + join.device()
              + " is already paired: choose another name with --name");
      return true;
    }
    switch (invitations.redeem(join.token(), clock.instant())) {
      case UNKNOWN -> {
        TextReply.send(
            response,
            callback,
            403,
            "unknown or already used invitation: ask for a"
                + " new one with `nymote device invite`");
        return true;
      }
      case EXPIRED -> {
        TextReply.send(
            response,
            callback,
            403,
            "the invitation has expired: ask for a new one" + " with `nymote device invite`");
        return true;
      }
      case ACCEPTED -> {}
    }
    X509Certificate device = issue(rootKey.get(), join);
    DeviceRegistry.add(repo, stores.device(), device);
    LOG.info("paired device {} ({})", join.device(), Certificates.fingerprint(device));
    TextReply.send(
        response,
        callback,
        200,
        new JoinResponse(identity.user().value(), device, identity.root()).encode());
    return true;
  }

  private X509Certificate issue(PrivateKey rootKey, JoinRequest join) throws IOException {
    try {
      return Certificates.device(
          rootKey, identity.root(), join.key(), join.device(), clock.instant());
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot sign the device certificate: " + e.getMessage(), e);
    }
  }
}
