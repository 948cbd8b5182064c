package org.nymote.server;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.TextProgressMonitor;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.nymote.server.stores.Stores;
import org.nymote.store.Repo;
import org.nymote.store.StoreException;
import org.nymote.store.sync.Sync;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code nymote store sync} and {@code nymote store clone}: one store repository and one remote,
 * over any Git transport; values merge by the users' schema (the standard mergeable types by name).
 * Progress goes to standard error, one line per branch to standard output.
 */
final class StoreSyncCommands {
  private StoreSyncCommands() {}

  /** The options that log in to a remote that asks: a user name, and a password on stdin. */
  static final class Login {
    @Option(
        names = "--remote-user",
        paramLabel = "NAME",
        description = "the user name to log in to the remote with, if it asks")
    String user;

    @Option(
        names = "--password-stdin",
        description = "read the remote's password from standard input (one line)")
    boolean passwordStdin;

    Optional<CredentialsProvider> credentials(CommandSpec spec) throws java.io.IOException {
      if (passwordStdin && user == null) {
        throw new ParameterException(spec.commandLine(), "--password-stdin needs --remote-user");
      }
      if (user == null) {
        return Optional.empty();
      }
      byte[] password = passwordStdin ? UserCommand.readPassword(Main.stdin(spec)) : new byte[0];
      try {
        return Optional.of(new UsernamePasswordCredentialsProvider(
            user, new String(password, StandardCharsets.UTF_8)));
      } finally {
        Arrays.fill(password, (byte) 0);
      }
    }
  }

  @Command(
      name = "sync",
      description = {
        "Sync the store with a remote: fetch every branch, merge each by the schema (keeping both"
            + " sides of a conflict), push the result back; again if the remote moved meanwhile.",
        "REMOTE is another Nymote (https://HOST/git/USER/store.git), a plain Git repository (a"
            + " path, git://, http(s)://, ssh://USER@HOST[:PORT]/PATH or USER@HOST:PATH), or a"
            + " Nymote store folder on this machine.",
        "Over ssh, your ~/.ssh is used as by OpenSSH: config, keys, and known_hosts, which must"
            + " already list the host's key (an unknown key is refused)."
      })
  static final class SyncStore extends StoreSubcommand implements Callable<Integer> {
    @Parameters(paramLabel = "REMOTE", description = "the remote's URL or path")
    private String remote;

    @Option(names = "--no-push", description = "fetch and merge only; leave the remote as it is")
    private boolean noPush;

    @picocli.CommandLine.ArgGroup(exclusive = false)
    private Login login = new Login();

    @Override
    public Integer call() throws java.io.IOException {
      Sync.Options options =
          options(store.device(), login.credentials(spec), spec).withPush(!noPush);
      Sync.Report report;
      try (Repo repo = store.open(spec, Stores.userSchema())) {
        report = Sync.sync(repo, remote, options);
      } catch (StoreException e) {
        throw failed("run the sync", e);
      }
      print(report, spec.commandLine().getOut());
      return 0;
    }
  }

  @Command(
      name = "clone",
      description = {
        "Make a new store at DIR from REMOTE, with every branch, showing progress.",
        "REMOTE is any that sync takes: a path, git://, http(s)://, ssh://, another Nymote."
      })
  static final class CloneStore extends StoreSubcommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REMOTE", description = "the remote's URL or path")
    private String remote;

    @Parameters(index = "1", paramLabel = "DIR", description = "the new store's folder")
    private java.nio.file.Path dir;

    @picocli.CommandLine.ArgGroup(exclusive = false)
    private Login login = new Login();

    @Override
    public Integer call() throws java.io.IOException {
      Sync.Options options = options(store.device(), login.credentials(spec), spec);
      boolean existed = java.nio.file.Files.exists(dir);
      int branches;
      try (Repo repo = Sync.cloneInto(remote, dir, Stores.userSchema(), options)) {
        branches = repo.branches().size();
      } catch (StoreException e) {
        if (!existed) {
          deleteTree(dir);
        }
        throw failed("run the clone", e);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("cloned " + branches + " branches into " + dir);
      out.flush();
      return 0;
    }
  }

  private static Sync.Options options(
      String device, Optional<CredentialsProvider> credentials, CommandSpec spec) {
    Sync.Options options = Sync.Options.defaults(device)
        .withProgress(new TextProgressMonitor(spec.commandLine().getErr()));
    return credentials.map(options::withCredentials).orElse(options);
  }

  /** One line per branch: {@code main: merged pushed, 2 conflicts kept both sides}. */
  private static void print(Sync.Report report, PrintWriter out) {
    new java.util.TreeMap<>(report.branches()).forEach((name, b) -> {
      var outcomes =
          b.outcomes().stream().map(o -> o.name().toLowerCase(Locale.ROOT)).toList();
      String conflicts =
          b.conflicts().isEmpty() ? "" : ", " + b.conflicts().size() + " conflicts kept both sides";
      out.println(name + ": " + String.join(" ", outcomes) + conflicts);
    });
    out.flush();
  }

  private static CliException failed(String what, StoreException e) {
    return new CliException(
        CliException.FAILURE,
        e.getMessage() + "\nNothing was lost; check the remote's URL, that it is reachable and the"
            + " user name and password (--remote-user, --password-stdin), then " + what
            + " again.");
  }

  /** Removes what a failed clone left, so that the same command can run again. */
  private static void deleteTree(java.nio.file.Path dir) throws java.io.IOException {
    if (!java.nio.file.Files.exists(dir)) {
      return;
    }
    try (var paths = java.nio.file.Files.walk(dir)) {
      for (java.nio.file.Path p :
          paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.deleteIfExists(p);
      }
    }
  }
}
