package org.nymote.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nymote.server.sync.HomeSync;
import org.nymote.server.sync.Remote;
import org.nymote.server.users.UserName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nymote remote add|list|remove}: the remotes each user's store syncs with (see {@code
 * nymote sync}). Passwords for remotes are read from standard input, kept in a file only the home's
 * owner may read, and never printed.
 */
@Command(
    name = "remote",
    description = "Add, list and remove the remotes a user's store syncs with.",
    subcommands = {
      RemoteCommand.Add.class,
      RemoteCommand.ListRemotes.class,
      RemoteCommand.Remove.class
    })
final class RemoteCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command: `add`, `list` or `remove`");
  }

  /** {@code --user}: whose remotes; may be left out when the home has one user. */
  static final class Who {
    @Option(
        names = "--user",
        paramLabel = "NAME",
        converter = UserCommand.NameConverter.class,
        description = "whose remotes (default: the home's only user)")
    UserName user;

    UserName resolve(Home home, CommandSpec spec) throws IOException {
      List<UserName> users = home.users().list();
      if (user != null) {
        if (!users.contains(user)) {
          throw new CliException(
              CliException.FAILURE,
              "no user '" + user + "' in " + home + "; `nymote user list` shows them");
        }
        return user;
      }
      if (users.size() == 1) {
        return users.get(0);
      }
      throw new ParameterException(
          spec.commandLine(), "this home has several users: say whose with --user NAME");
    }
  }

  @Command(
      name = "add",
      description = {
        "Add a remote (or replace the one of that name).",
        "URL: another Nymote's https://HOST/git/USER/store.git, or any Git remote (a path,"
            + " git://, http(s)://, ssh://USER@HOST[:PORT]/PATH; over ssh, the ~/.ssh keys and"
            + " known_hosts of whoever runs the sync are used)."
      })
  static final class Add implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @picocli.CommandLine.Mixin
    private final Who who = new Who();

    @Parameters(index = "0", paramLabel = "NAME", description = "what to call it, such as laptop")
    private String name;

    @Parameters(index = "1", paramLabel = "URL", description = "where it is")
    private String url;

    @Option(
        names = "--remote-user",
        paramLabel = "NAME",
        description = "the user name to log in with there (default: the user's own name)")
    private String remoteUser;

    @Option(
        names = "--password-stdin",
        description = "read the password to log in with there from standard input (one line)")
    private boolean passwordStdin;

    @Override
    public Integer call() throws IOException {
      Home home = Main.home(spec).requireExisting();
      UserName user = who.resolve(home, spec);
      Optional<String> password = Optional.empty();
      if (passwordStdin) {
        byte[] bytes = UserCommand.readPassword(Main.stdin(spec));
        password = Optional.of(new String(bytes, StandardCharsets.UTF_8));
        Arrays.fill(bytes, (byte) 0);
      }
      Optional<String> login = remoteUser != null || password.isPresent()
          ? Optional.of(remoteUser != null ? remoteUser : user.value())
          : Optional.empty();
      Remote remote;
      try {
        remote = new Remote(name, url, login, password);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      boolean added = HomeSync.remotesOf(home.dir(), user).put(remote);
      PrintWriter out = spec.commandLine().getOut();
      out.println((added ? "added remote " : "replaced remote ") + remote + " for " + user);
      out.flush();
      return 0;
    }
  }

  @Command(name = "list", description = "List the remotes: NAME URL [(as USER)], one a line.")
  static final class ListRemotes implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @picocli.CommandLine.Mixin
    private final Who who = new Who();

    @Override
    public Integer call() throws IOException {
      Home home = Main.home(spec).requireExisting();
      UserName user = who.resolve(home, spec);
      PrintWriter out = spec.commandLine().getOut();
      for (Remote r : HomeSync.remotesOf(home.dir(), user).list()) {
        out.println(r);
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "remove", description = "Remove a remote; its data stays where it is.")
  static final class Remove implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @picocli.CommandLine.Mixin
    private final Who who = new Who();

    @Parameters(paramLabel = "NAME", description = "the remote's name")
    private String name;

    @Override
    public Integer call() throws IOException {
      Home home = Main.home(spec).requireExisting();
      UserName user = who.resolve(home, spec);
      if (!HomeSync.remotesOf(home.dir(), user).remove(name)) {
        throw new CliException(
            CliException.FAILURE,
            user + " has no remote '" + name + "'; `nymote remote list --user " + user
                + "` shows them");
      }
      spec.commandLine().getOut().println("removed remote " + name + " for " + user);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
