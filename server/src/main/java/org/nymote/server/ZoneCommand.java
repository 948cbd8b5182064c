package org.nymote.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.nymote.server.dns.DnsService;
import org.nymote.server.dns.ZoneKeyFile;
import org.nymote.server.stores.Stores;
import org.nymote.server.sync.LocalServer;
import org.nymote.server.users.UserName;
import org.nymote.signpost.zone.DeviceEntry;
import org.nymote.signpost.zone.ZoneBuilder;
import org.nymote.signpost.zone.ZoneData;
import org.nymote.signpost.zone.ZoneEdits;
import org.nymote.signpost.zone.ZoneKey;
import org.nymote.signpost.zone.ZoneRecord;
import org.nymote.store.Branch;
import org.nymote.store.Info;
import org.nymote.store.RepositoryLockedException;
import org.nymote.store.Tree;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nymote zone show|set-domain|add|rm}: reads and changes a user's zone in their store (see
 * docs/dns.md). Each change is one commit that moves the serial; a running serve signs and serves
 * it at once. It opens the store itself, so it needs the serve of the home stopped; while one
 * runs, change the zone over the REST API instead.
 */
@Command(
    name = "zone",
    description =
        "Show or change a user's DNS zone (kept in their store, served by `nymote serve`).",
    subcommands = {
      ZoneCommand.Show.class,
      ZoneCommand.SetDomain.class,
      ZoneCommand.Add.class,
      ZoneCommand.Remove.class
    })
final class ZoneCommand {
  /** What every subcommand shares: the user, and one store update or read. */
  abstract static class Base implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
        names = "--user",
        paramLabel = "NAME",
        converter = UserCommand.NameConverter.class,
        description = "whose zone (default: the only user of the home)")
    UserName user;

    /** Runs {@code action} on the user's main branch, with the zone's default name. */
    <T> T withBranch(java.util.function.BiFunction<Branch, Name, T> action) throws IOException {
      Home home = Main.home(spec).requireExisting();
      List<UserName> users = home.users().list();
      UserName who = user;
      if (who == null) {
        if (users.size() != 1) {
          throw new CliException(
              CliException.USAGE,
              "the home has several users: pick one with" + " --user NAME (`nymote user list`)");
        }
        who = users.getFirst();
      } else if (!users.contains(who)) {
        throw new CliException(CliException.FAILURE, "no user '" + who + "' in " + home);
      }
      if (LocalServer.find(home.dir()).isPresent()) {
        throw serving(home);
      }
      try (Stores stores = new Stores(home, StoreCommand.defaultDevice())) {
        return action.apply(stores.of(who).branch("main"), DnsService.defaultOrigin(who));
      } catch (RepositoryLockedException e) {
        throw serving(home);
      }
    }

    private static CliException serving(Home home) {
      return new CliException(
          CliException.FAILURE,
          "the store is open in a running `nymote"
              + " serve` of " + home + ": stop it first, or change the zone over the REST API"
              + " (docs/dns.md)");
    }

    int change(String message, UnaryOperator<Tree> edit) throws IOException {
      withBranch((branch, origin) ->
          branch.update(Info.now(StoreCommand.defaultDevice(), "zone: " + message), edit));
      return 0;
    }
  }

  @Command(name = "show", description = "Print the zone's name, serial, devices, records and DS.")
  static final class Show extends Base {
    @Option(
        names = "--signed",
        description = "print the whole zone as this device serves it, signed, in master-file form")
    boolean signed;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      ZoneKey key =
          signed ? ZoneKeyFile.loadOrCreate(ZoneKeyFile.of(Main.home(spec).dir())) : null;
      withBranch((branch, origin) -> {
        ZoneData zone = ZoneData.read(branch.tree(), origin);
        if (signed) {
          out.print(ZoneBuilder.build(zone, key, java.time.Instant.now()).toMasterFile());
          return null;
        }
        out.println("zone " + zone.origin().toString(true) + " serial " + zone.serial());
        for (DeviceEntry d : zone.devices()) {
          out.println(
              "device " + d.label() + " " + String.join(" ", d.addresses()) + " " + d.services());
          ds(zone.origin(), d).ifPresent(ds -> out.println("  " + ds));
        }
        for (ZoneRecord r : zone.records()) {
          out.println("record " + r);
        }
        return null;
      });
      out.flush();
      return 0;
    }

    /** The DS record of the device's key, for the parent zone (or a resolver's trust anchor). */
    private static Optional<String> ds(Name origin, DeviceEntry d) {
      if (d.dnskey().isEmpty()) {
        return Optional.empty();
      }
      var key = new DNSKEYRecord(
          origin, DClass.IN, 3600, 257, 3, 13, java.util.Base64.getDecoder().decode(d.dnskey()));
      return Optional.of(
          new DSRecord(origin, DClass.IN, 3600, org.xbill.DNS.DNSSEC.Digest.SHA256, key)
              .toString());
    }
  }

  @Command(name = "set-domain", description = "Name the zone after your own domain.")
  static final class SetDomain extends Base {
    @Parameters(
        paramLabel = "DOMAIN",
        arity = "0..1",
        description = "such as example.org (none: back to the default, USER.nymote.test)")
    String domain;

    @Override
    public Integer call() throws IOException {
      try {
        return change("set the domain", ZoneEdits.setDomain(Optional.ofNullable(domain)));
      } catch (IllegalArgumentException e) {
        throw new CliException(CliException.USAGE, e.getMessage());
      }
    }
  }

  @Command(name = "add", description = "Add a record, such as: add @ MX 10 mail.example.org.")
  static final class Add extends Base {
    @Parameters(index = "0", paramLabel = "NAME", description = "relative to the zone; @ for it")
    String name;

    @Parameters(index = "1", paramLabel = "TYPE", description = "A, AAAA, TXT, MX, SRV, CNAME ...")
    String type;

    @Parameters(
        index = "2..*",
        arity = "1..*",
        paramLabel = "DATA",
        description = "the record's data, in master-file form")
    List<String> data;

    @Option(
        names = "--ttl",
        paramLabel = "SECONDS",
        defaultValue = "300",
        description = "(default: ${DEFAULT-VALUE})")
    long ttl;

    @Override
    public Integer call() throws IOException {
      ZoneRecord record;
      try {
        record = new ZoneRecord(name, type, ttl, String.join(" ", data));
      } catch (IllegalArgumentException e) {
        throw new CliException(CliException.USAGE, e.getMessage());
      }
      String problem = withBranch((branch, origin) -> {
        try {
          record.toRecord(ZoneData.domain(branch.tree()).orElse(origin));
        } catch (IllegalArgumentException e) {
          return e.getMessage();
        }
        branch.update(
            Info.now(StoreCommand.defaultDevice(), "zone: add " + record), ZoneEdits.add(record));
        return null;
      });
      if (problem != null) {
        throw new CliException(CliException.USAGE, problem);
      }
      return 0;
    }
  }

  @Command(name = "rm", description = "Remove the records of a name and type (and data, if given).")
  static final class Remove extends Base {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "TYPE")
    String type;

    @Parameters(index = "2..*", arity = "0..*", paramLabel = "DATA")
    List<String> data;

    @Override
    public Integer call() throws IOException {
      Optional<String> d =
          data == null || data.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", data));
      return change("remove " + name + " " + type, ZoneEdits.remove(name, type, d));
    }
  }
}
