package org.nymote.server.devices;

import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;
import org.eclipse.jgit.transport.http.JDKHttpConnectionFactory;

/**
 * JGit's HTTP connections for a sync with another of the user's devices: this device's
 * certificate as the TLS client's, and the peer trusted only as the one device the remote names
 * ({@link PinnedDeviceTrust}), whatever JGit's {@code http.sslVerify} says. Set on one transport ({@code
 * TransportHttp.setHttpConnectionFactory}), never process-wide.
 */
public final class DeviceHttpConnections implements HttpConnectionFactory2 {
  private final JDKHttpConnectionFactory jdk = new JDKHttpConnectionFactory();
  private final KeyManager[] keys;
  private final TrustManager[] trust;

  public DeviceHttpConnections(DeviceIdentity identity, PinnedDeviceTrust trust) {
    this.keys = new KeyManager[] {identity.keyManager()};
    this.trust = new TrustManager[] {trust};
  }

  @Override
  public HttpConnection create(URL url) throws IOException {
    return jdk.create(url);
  }

  @Override
  public HttpConnection create(URL url, Proxy proxy) throws IOException {
    return jdk.create(url, proxy);
  }

  @Override
  public GitSession newSession() {
    return new GitSession() {
      @Override
      public HttpConnection configure(HttpConnection connection, boolean sslVerify)
          throws java.security.GeneralSecurityException {
        connection.configure(keys, trust, null);
        return connection;
      }

      @Override
      public void close() {}
    };
  }
}
