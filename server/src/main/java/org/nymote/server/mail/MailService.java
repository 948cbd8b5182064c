package org.nymote.server.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.nymote.mail.imap.ImapConfig;
import org.nymote.mail.imap.ImapServer;
import org.nymote.mail.imap.wire.Limits;
import org.nymote.mail.search.MailIndex;
import org.nymote.mail.search.TextSearch;
import org.nymote.mail.store.MailStore;
import org.nymote.server.service.Listener;
import org.nymote.server.service.Service;
import org.nymote.server.stores.Stores;
import org.nymote.server.tls.TlsIdentity;
import org.nymote.server.users.Authenticator;
import org.nymote.server.users.UserName;

/**
 * IMAP for {@code nymote serve}: the plain port with STARTTLS and the implicit-TLS port, with the
 * server's certificate, the home's users, each user's mailstore from {@link Stores}, and each
 * user's full-text index under {@code HOME/index/mail/USER} (rebuilt from the store if lost).
 */
public final class MailService implements Service {
  /** What the service needs. Ports: 0 for any free one, -1 for none. */
  public record Config(
      String bind,
      int imapPort,
      int imapsPort,
      TlsIdentity tls,
      Authenticator users,
      Stores stores) {}

  private final ImapServer imap;
  private final String bind;
  private final Map<String, MailIndex> indexes;

  private MailService(ImapServer imap, String bind, Map<String, MailIndex> indexes) {
    this.imap = imap;
    this.bind = bind;
    this.indexes = indexes;
  }

  public static MailService start(Config c) throws IOException {
    Map<String, MailIndex> indexes = new ConcurrentHashMap<>();
    Function<String, MailStore> stores =
        user -> MailStore.open(c.stores().of(new UserName(user)), c.stores().device());
    Path indexDir = c.stores().home().dir().resolve("index").resolve("mail");
    Function<String, TextSearch> index = user -> indexes.computeIfAbsent(user, u -> {
      try {
        return MailIndex.open(stores.apply(u), indexDir.resolve(u));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the mail index of " + u, e);
      }
    });
    ImapConfig config = new ImapConfig(
        c.bind(),
        c.imapPort(),
        c.imapsPort(),
        sslContext(c.tls()),
        (name, password) -> {
          if (!UserName.isValid(name)) {
            return Optional.empty();
          }
          return c.users().authenticate(name, password).map(UserName::value);
        },
        stores,
        Limits.DEFAULT,
        1000,
        index);
    return new MailService(ImapServer.start(config), c.bind(), indexes);
  }

  static SSLContext sslContext(TlsIdentity tls) throws IOException {
    try {
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(tls.keyStore(), tls.password());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot build the TLS context for mail: " + e.getMessage(), e);
    }
  }

  @Override
  public List<Listener> listeners() {
    return imap.bound().stream()
        .map(b -> new Listener(b.service(), bind, b.port()))
        .toList();
  }

  @Override
  public void close() {
    imap.close();
    indexes.values().forEach(MailIndex::close);
  }
}
