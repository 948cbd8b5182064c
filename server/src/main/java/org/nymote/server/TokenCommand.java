package org.nymote.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nymote.server.tokens.Tokens;
import org.nymote.server.users.UserName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nymote token create|list|revoke}: the users' API tokens, for the REST API. */
@Command(
    name = "token",
    description = "Create, list and revoke a user's API tokens (for the REST API).",
    subcommands = {
      TokenCommand.Create.class,
      TokenCommand.ListTokens.class,
      TokenCommand.Revoke.class
    })
final class TokenCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing command: `create`, `list` or `revoke`");
  }

  @Command(
      name = "create",
      description = {
        "Create a token for USER and print it, once, on standard output; only its hash is kept."
      })
  static final class Create implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "USER", converter = UserCommand.NameConverter.class)
    private UserName user;

    @Option(
        names = "--label",
        paramLabel = "LABEL",
        description = "a name to list and revoke it by (default: token-N)")
    private String label;

    @Override
    public Integer call() throws IOException {
      Home home = existingUser(spec, user);
      String token;
      try {
        token = home.tokens().create(user, Optional.ofNullable(label));
      } catch (IllegalArgumentException e) {
        throw new CliException(CliException.USAGE, e.getMessage());
      }
      // The token alone on standard output, so that TOKEN=$(nymote token create NAME) works.
      PrintWriter out = spec.commandLine().getOut();
      out.println(token);
      out.flush();
      PrintWriter err = spec.commandLine().getErr();
      err.println("created a token for " + user + "; it is shown only this once, so keep it now");
      err.flush();
      return 0;
    }
  }

  @Command(name = "list", description = "List USER's tokens: label and creation time, one a line.")
  static final class ListTokens implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "USER", converter = UserCommand.NameConverter.class)
    private UserName user;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      for (Tokens.TokenInfo info : existingUser(spec, user).tokens().list(user)) {
        out.println(info.label() + " " + info.created());
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "revoke", description = "Revoke USER's token labelled LABEL, at once.")
  static final class Revoke implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "USER", converter = UserCommand.NameConverter.class)
    private UserName user;

    @Parameters(index = "1", paramLabel = "LABEL")
    private String label;

    @Override
    public Integer call() throws IOException {
      if (!existingUser(spec, user).tokens().revoke(user, label)) {
        throw new CliException(
            CliException.FAILURE,
            user + " has no token labelled '" + label + "'; `nymote token list " + user
                + "` shows the labels");
      }
      spec.commandLine().getOut().println("revoked token " + label + " of " + user);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  private static Home existingUser(CommandSpec spec, UserName user) throws IOException {
    Home home = Main.home(spec).requireExisting();
    if (!home.users().list().contains(user)) {
      throw new CliException(
          CliException.FAILURE,
          "no user '" + user + "' in " + home + "; `nymote user list` shows the users");
    }
    return home;
  }
}
