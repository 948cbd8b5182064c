package org.nymote.server.smtp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.nymote.mail.smtp.LocalDelivery;
import org.nymote.mail.smtp.MailAddress;
import org.nymote.mail.smtp.PasswordCheck;
import org.nymote.mail.store.MailStore;
import org.nymote.server.stores.Stores;
import org.nymote.server.users.UserName;
import org.nymote.server.users.Users;

/**
 * Mail for a home: an address is local when its domain is one of the {@link MailDomains}, and
 * then its local part (in lower case) names the user; {@code postmaster} (RFC 5321 4.5.1) goes to
 * the home's first user. Delivery appends to the user's INBOX in their store, one durable update.
 * Logins are the users' own passwords, with or without {@code @domain}. Thread-safe.
 */
final class HomeDelivery implements LocalDelivery, PasswordCheck {
  private final MailDomains domains;
  private final Users users;
  private final Stores stores;
  private final Clock clock;

  HomeDelivery(MailDomains domains, Users users, Stores stores, Clock clock) {
    this.domains = domains;
    this.users = users;
    this.stores = stores;
    this.clock = clock;
  }

  @Override
  public Route route(MailAddress address) {
    try {
      if (!domains.contains(address.domain())) {
        return new Route.Remote();
      }
      List<UserName> names = users.list();
      String local = address.localPart().toLowerCase(Locale.ROOT);
      if (local.equals("postmaster") && !names.isEmpty()) {
        return new Route.Local(names.getFirst().value());
      }
      return UserName.isValid(local) && names.contains(new UserName(local))
          ? new Route.Local(local)
          : new Route.NoSuchUser();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void deliver(String user, byte[] message) throws IOException {
    MailStore store = MailStore.open(stores.of(new UserName(user)), stores.device());
    store.append("INBOX", message, Set.of(), clock.instant());
  }

  @Override
  public Optional<String> check(String name, byte[] password) throws IOException {
    String user = name;
    int at = name.lastIndexOf('@');
    if (at > 0 && domains.contains(name.substring(at + 1))) {
      user = name.substring(0, at);
    }
    return users.authenticate(user, password).map(UserName::value);
  }
}
