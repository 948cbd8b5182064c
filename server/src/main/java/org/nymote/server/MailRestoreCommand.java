package org.nymote.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nymote.mail.io.Progress;
import org.nymote.mail.store.MailStore;
import org.nymote.mail.store.MailStoreException;
import org.nymote.server.stores.Stores;
import org.nymote.server.sync.LocalServer;
import org.nymote.server.users.UserName;
import org.nymote.store.Repo;
import org.nymote.store.RepositoryLockedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code nymote mail restore}: mail brought back from the store's history. */
@Command(
    name = "restore",
    description = {
      "Bring a mailbox back as it was at a time: the messages it held then and has lost since"
          + " (expunged, moved, or with the mailbox deleted) come back, with their flags of"
          + " then and new UIDs; messages that came since stay.",
      "With `nymote serve` running, the serve does it (IMAP clients see the messages at once)."
    })
final class MailRestoreCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(
      names = "--user",
      required = true,
      paramLabel = "NAME",
      converter = UserCommand.NameConverter.class,
      description = "whose mail")
  private UserName user;

  @Option(
      names = "--mailbox",
      paramLabel = "NAME",
      defaultValue = "INBOX",
      description = "the mailbox, by its name then (default: ${DEFAULT-VALUE})")
  private String mailbox;

  @Option(
      names = "--as-of",
      required = true,
      paramLabel = "TIME",
      converter = TimeConverter.class,
      description =
          "an ISO-8601 time such as 2026-11-23T09:00:00Z, or how long ago: 90s, 5m, 2h," + " 1d")
  private Instant asOf;

  @Option(
      names = "--device",
      paramLabel = "NAME",
      description = "this replica's name, as `nymote serve --device` (default: the host name)")
  private String device;

  @Override
  public Integer call() throws IOException {
    Home home = Main.home(spec).requireExisting();
    if (!home.users().list().contains(user)) {
      throw new CliException(CliException.FAILURE, "no user '" + user + "' in " + home);
    }
    Optional<LocalServer> serve = LocalServer.running(home.dir());
    if (serve.isPresent()) {
      long n = LocalMailClient.run(
          serve.get(),
          "restore",
          Map.of("user", user.value(), "mailbox", mailbox, "asOf", asOf.toString()),
          Progress.none());
      return restored(n);
    }
    Repo repo;
    try {
      repo = Repo.open(home.storeDir(user), Stores.userSchema(), Repo.Options.MANUAL);
    } catch (RepositoryLockedException e) {
      throw new CliException(
          CliException.FAILURE,
          "the store of " + user + " is open in another process that does not answer"
              + " (a `nymote serve` starting or stopping?); run this again in a moment");
    }
    try (repo) {
      return restored(MailStore.open(repo, deviceName()).restore(mailbox, asOf));
    } catch (MailStoreException e) {
      throw new CliException(CliException.FAILURE, e.getMessage());
    }
  }

  private int restored(long n) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "restored " + n + " message" + (n == 1 ? "" : "s") + " to " + mailbox + " as of " + asOf);
    out.flush();
    return 0;
  }

  private String deviceName() {
    return device != null && !device.isBlank() ? device : StoreCommand.defaultDevice();
  }

  /** An ISO-8601 instant, or a duration before now. */
  static final class TimeConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return Instant.parse(value.strip());
      } catch (DateTimeParseException e) {
        try {
          Duration ago = new ServeCommand.DurationConverter().convert(value);
          return Instant.now().minus(ago);
        } catch (TypeConversionException notDuration) {
          throw new TypeConversionException(
              "'" + value + "' is neither a time like 2026-11-23T09:00:00Z nor a duration like 5m");
        }
      }
    }
  }
}
