package org.nymote.mail.smtp.queue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Finds the mail hosts of a domain in the DNS (RFC 5321 5.1): its MX records by preference, else
 * the domain's own address (the implicit MX); a null MX (RFC 7505) or a missing domain means the
 * mail cannot be delivered. Every lookup asks the resolver afresh (no cache). Thread-safe.
 */
public final class MxLookup implements Relays {
  private final Resolver resolver;
  private final int port;

  private MxLookup(Resolver resolver, int port) {
    this.resolver = resolver;
    this.port = port;
  }

  /** Asks the resolver at {@code host:port}; hands mail over on {@code smtpPort} (25). */
  public static MxLookup using(InetSocketAddress resolver, int smtpPort) {
    var simple = new SimpleResolver(resolver);
    simple.setTimeout(Duration.ofSeconds(5));
    return new MxLookup(simple, smtpPort);
  }

  /** Asks the system's resolvers (/etc/resolv.conf). */
  public static MxLookup system(int smtpPort) {
    return new MxLookup(Lookup.getDefaultResolver(), smtpPort);
  }

  @Override
  public Found find(String domain) {
    Name name;
    try {
      name = Name.fromString(domain.endsWith(".") ? domain : domain + ".");
    } catch (TextParseException e) {
      return new Found.NoRoute("bad domain " + domain);
    }
    var mx = lookup(name, Type.MX);
    if (mx.getResult() == Lookup.TRY_AGAIN || mx.getResult() == Lookup.UNRECOVERABLE) {
      return new Found.TryLater("MX lookup of " + domain + ": " + mx.getErrorString());
    }
    if (mx.getResult() == Lookup.HOST_NOT_FOUND) {
      return new Found.NoRoute("no such domain: " + domain);
    }
    List<Name> hosts = new ArrayList<>();
    if (mx.getResult() == Lookup.SUCCESSFUL) {
      List<MXRecord> records = new ArrayList<>();
      for (Record r : mx.getAnswers()) {
        if (r instanceof MXRecord m) {
          records.add(m);
        }
      }
      records.sort(Comparator.comparingInt(MXRecord::getPriority));
      for (MXRecord m : records) {
        if (m.getTarget().equals(Name.root)) {
          return new Found.NoRoute(domain + " accepts no mail (null MX)");
        }
        hosts.add(m.getTarget());
      }
    } else {
      hosts.add(name); // no MX: the implicit MX, RFC 5321 5.1
    }
    List<InetSocketAddress> addresses = new ArrayList<>();
    boolean temporary = false;
    for (Name host : hosts) {
      for (int type : new int[] {Type.A, Type.AAAA}) {
        var lookup = lookup(host, type);
        temporary |= lookup.getResult() == Lookup.TRY_AGAIN;
        if (lookup.getAnswers() == null) {
          continue;
        }
        for (Record r : lookup.getAnswers()) {
          InetAddress address = r instanceof ARecord a
              ? a.getAddress()
              : r instanceof AAAARecord aaaa ? aaaa.getAddress() : null;
          if (address != null) {
            addresses.add(new InetSocketAddress(address, port));
          }
        }
      }
    }
    if (addresses.isEmpty()) {
      return temporary
          ? new Found.TryLater("address lookup of " + hosts + " failed")
          : new Found.NoRoute("the mail hosts of " + domain + " have no address");
    }
    return new Found.Hosts(addresses);
  }

  private Lookup lookup(Name name, int type) {
    var lookup = new Lookup(name, type);
    lookup.setResolver(resolver);
    lookup.setCache(null);
    lookup.run();
    return lookup;
  }
}
