package org.nymote.mail.imap;

import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.nymote.mail.imap.wire.Limits;
import org.nymote.mail.store.MailStore;

/**
 * What the IMAP server needs: where to listen (port 0: any free one; -1: not at all), the TLS
 * context for STARTTLS and the implicit-TLS port, the password check, the mailstore of a user
 * (by the name the check returned), the limits, and the full-text index of a user's mail by user name (null:
 * search by scanning).
 */
public record ImapConfig(
    String host,
    int port,
    int tlsPort,
    SSLContext ssl,
    PasswordCheck passwords,
    Function<String, MailStore> stores,
    Limits limits,
    int maxConnections,
    Function<String, org.nymote.mail.search.TextSearch> textIndex) {}
