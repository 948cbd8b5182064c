package org.nymote.server;

import java.io.IOException;
import java.io.PrintWriter;
import org.nymote.server.smtp.MailDomains;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nymote mail domain add|list|remove}: the home's mail. */
@Command(
    name = "mail",
    description = "Manage the home's mail.",
    subcommands = {MailCommand.Domain.class})
final class MailCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command: `domain`");
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
