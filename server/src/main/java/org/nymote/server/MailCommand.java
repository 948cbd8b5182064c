package org.nymote.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nymote.mail.io.MailExport;
import org.nymote.mail.io.MailImport;
import org.nymote.mail.io.Progress;
import org.nymote.mail.store.MailStore;
import org.nymote.mail.store.MailStoreException;
import org.nymote.server.smtp.MailDomains;
import org.nymote.server.stores.Stores;
import org.nymote.server.sync.LocalServer;
import org.nymote.server.users.UserName;
import org.nymote.store.RepositoryLockedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nymote mail domain add|list|remove}, {@code import}, {@code export}, {@code restore}: the
 * home's mail.
 */
@Command(
    name = "mail",
    description = "Manage the home's mail.",
    subcommands = {
      MailCommand.Domain.class,
      MailCommand.Import.class,
      MailCommand.Export.class,
      MailRestoreCommand.class
    })
final class MailCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing command: `domain`, `import`, `export` or `restore`");
  }

  /** The home, once it is known to have {@code user}. */
  private static Home homeOf(CommandSpec spec, UserName user) throws IOException {
    Home home = Main.home(spec).requireExisting();
    if (!home.users().list().contains(user)) {
      throw new CliException(
          CliException.USAGE,
          "no user " + user + " in " + home + " (`nymote user list` shows them)");
    }
    return home;
  }

  /** Runs {@code job} on the mailstore of {@code user}, opened here (no serve runs). */
  private static <T> T withMailStore(Home home, String device, UserName user, MailJob<T> job)
      throws IOException {
    try (Stores stores = new Stores(home, device != null ? device : StoreCommand.defaultDevice())) {
      return job.run(MailStore.open(stores.of(user), stores.device()));
    } catch (RepositoryLockedException e) {
      throw new CliException(
          CliException.FAILURE,
          user + "'s store is open in another process that does not answer"
              + " (a `nymote serve` starting or stopping?); run this again in a moment");
    } catch (MailStoreException e) {
      throw new CliException(CliException.FAILURE, e.getMessage());
    }
  }

  @FunctionalInterface
  private interface MailJob<T> {
    T run(MailStore store) throws IOException;
  }

  @Command(
      name = "import",
      description = {
        "Import a Maildir folder or an mbox file into a user's mailbox (made if missing),"
            + " with a progress bar on standard error.",
        "Maildir flags (the :2, letters) become IMAP flags; message bytes are kept as they are."
      })
  static final class Import implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "USER", converter = UserCommand.NameConverter.class)
    private UserName user;

    @Parameters(index = "1", paramLabel = "SOURCE", description = "a Maildir or an mbox file")
    private Path source;

    @Option(
        names = "--mailbox",
        paramLabel = "NAME",
        defaultValue = "INBOX",
        description = "the mailbox to import into (default: ${DEFAULT-VALUE})")
    private String mailbox;

    @Option(names = "--device", paramLabel = "NAME", description = "this replica's name")
    private String device;

    @Override
    public Integer call() throws IOException {
      if (!Files.exists(source)) {
        throw new CliException(CliException.USAGE, "no Maildir or mbox file at " + source);
      }
      Home home = homeOf(spec, user);
      Progress bar = Progress.bar(spec.commandLine().getErr());
      Optional<LocalServer> serve = LocalServer.running(home.dir());
      long count = serve.isPresent()
          ? LocalMailClient.run(
              serve.get(),
              "import",
              Map.of(
                  "user",
                  user.value(),
                  "source",
                  source.toAbsolutePath().toString(),
                  "mailbox",
                  mailbox),
              bar)
          : withMailStore(
              home, device, user, store -> MailImport.from(source, store, mailbox, bar));
      spec.commandLine().getOut().println("imported " + count + " messages into " + mailbox);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "export", description = "Write a user's mailbox as an mbox file.")
  static final class Export implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "USER", converter = UserCommand.NameConverter.class)
    private UserName user;

    @Parameters(index = "1", paramLabel = "MAILBOX")
    private String mailbox;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        required = true,
        description = "the mbox file to write (replaced when complete)")
    private Path output;

    @Option(names = "--device", paramLabel = "NAME", description = "this replica's name")
    private String device;

    @Override
    public Integer call() throws IOException {
      Home home = homeOf(spec, user);
      Optional<LocalServer> serve = LocalServer.running(home.dir());
      if (serve.isPresent()) {
        long count = LocalMailClient.run(
            serve.get(),
            "export",
            Map.of(
                "user",
                user.value(),
                "mailbox",
                mailbox,
                "output",
                output.toAbsolutePath().toString()),
            Progress.bar(spec.commandLine().getErr()));
        return exported(count);
      }
      long count = withMailStore(home, device, user, store -> {
        if (!store.exists(mailbox)) {
          throw new CliException(CliException.USAGE, "no mailbox " + mailbox + " for " + user);
        }
        return MailExport.toMboxFile(
            store, mailbox, output, Progress.bar(spec.commandLine().getErr()));
      });
      return exported(count);
    }

    private int exported(long count) {
      spec.commandLine().getOut().println("exported " + count + " messages to " + output);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** The domains whose mail this home takes: NAME@DOMAIN goes to the user NAME. */
  @Command(
      name = "domain",
      description = {
        "The mail domains of the home: mail to NAME@DOMAIN goes to user NAME's INBOX.",
        "A running `nymote serve` sees changes at once."
      })
  static final class Domain implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
      throw new ParameterException(spec.commandLine(), "missing command: add, list or remove");
    }

    @Command(name = "add", description = "Take mail for a domain.")
    int add(@Parameters(paramLabel = "DOMAIN") String domain) throws IOException {
      try {
        boolean added = domains().add(domain);
        say((added ? "added mail domain " : "mail domain already there: ") + domain);
        return 0;
      } catch (IllegalArgumentException e) {
        throw new CliException(CliException.USAGE, e.getMessage());
      }
    }

    @Command(name = "list", description = "List the mail domains, one a line.")
    int list() throws IOException {
      for (String domain : domains().list()) {
        say(domain);
      }
      return 0;
    }

    @Command(name = "remove", description = "Stop taking mail for a domain.")
    int remove(@Parameters(paramLabel = "DOMAIN") String domain) throws IOException {
      if (!domains().remove(domain)) {
        throw new CliException(
            CliException.FAILURE,
            "no mail domain " + domain + " in this home (`nymote mail domain list` shows them)");
      }
      say("removed mail domain " + domain);
      return 0;
    }

    private MailDomains domains() {
      return new MailDomains(Main.home(spec).requireExisting().dir());
    }

    private void say(String line) {
      PrintWriter out = spec.commandLine().getOut();
      out.println(line);
      out.flush();
    }
  }
}
