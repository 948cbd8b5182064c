package org.nymote.signpost.identity;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager that judges a peer by its certificate chain alone: the socket or engine and the
 * key exchange play no part (host names never do: a root or a device is the pin). Subclasses say
 * what they accept in {@link #check}; the six overloads of the JDK's interface all come here.
 */
public abstract class DeviceTrust extends X509ExtendedTrustManager {
  /**
   * Accepts {@code chain} from a TLS client ({@code asClient}) or server, or throws saying why not.
   */
  protected abstract void check(X509Certificate[] chain, boolean asClient)
      throws CertificateException;

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain, true);
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain, true);
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, true);
  }

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain, false);
  }

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain, false);
  }

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, false);
  }
}
