package org.nymote.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.TextProgressMonitor;
import org.nymote.server.stores.Stores;
import org.nymote.server.sync.HomeSync;
import org.nymote.server.sync.LocalServer;
import org.nymote.server.sync.SyncReport;
import org.nymote.server.users.UserName;
import org.nymote.store.RepositoryLockedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nymote sync [--user U] [REMOTE]}: syncs each user's store with its remotes (or one). When
 * a {@code nymote serve} holds the home, it asks it to ({@code POST /git/USER/sync} with the
 * home's {@link LocalServer} token), since the stores are open there; otherwise it opens the stores
 * itself. Prints one line per user and remote; exit code 1 if any failed.
 */
@Command(
    name = "sync",
    description = {
      "Sync users' stores with their remotes (see `nymote remote`): fetch, merge by the schema,"
          + " push back.",
      "Asks the running `nymote serve` of the home to do it, if there is one."
    })
final class SyncCommand implements Callable<Integer> {
  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  @Spec
  private CommandSpec spec;

  @Option(
      names = "--user",
      paramLabel = "NAME",
      converter = UserCommand.NameConverter.class,
      description = "sync this user's store only (default: every user's)")
  private UserName user;

  @Option(
      names = "--device",
      paramLabel = "NAME",
      description = "this replica's name in merge commits (default: this host's name)")
  private String device;

  @Parameters(
      arity = "0..1",
      paramLabel = "REMOTE",
      description = "sync with this remote only (default: with all)")
  private String remote;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Home home = Main.home(spec).requireExisting();
    List<UserName> users = user != null ? List.of(user) : home.users().list();
    if (user != null && !home.users().list().contains(user)) {
      throw new CliException(
          CliException.FAILURE, "no user '" + user + "' in " + home + "; `nymote user list`");
    }
    Optional<List<SyncReport>> reports = Optional.empty();
    Optional<LocalServer> server = LocalServer.find(home.dir());
    if (server.isPresent()) {
      reports = throughServer(server.get(), users);
    }
    if (reports.isEmpty()) {
      reports = Optional.of(here(home, users));
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean ok = true;
    for (SyncReport report : reports.get()) {
      for (SyncReport.RemoteResult r : report.remotes()) {
        out.println(report.user() + " " + r.describe());
      }
      if (report.remotes().isEmpty()) {
        out.println(report.user() + ": no remotes; `nymote remote add` adds one");
      }
      ok &= report.ok();
    }
    out.flush();
    if (!ok) {
      throw new CliException(
          CliException.FAILURE,
          "some syncs failed (above): check that those"
              + " remotes are reachable and their credentials (`nymote remote add` replaces them),"
              + " then sync again; nothing was lost");
    }
    return 0;
  }

  /** Asks the running serve; empty if it is not running after all (files left by a crash). */
  private Optional<List<SyncReport>> throughServer(LocalServer server, List<UserName> users)
      throws IOException, InterruptedException {
    HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    List<SyncReport> reports = new ArrayList<>();
    for (UserName u : users) {
      String url = server.url() + "git/" + u + "/sync"
          + (remote == null ? "" : "?remote=" + URLEncoder.encode(remote, StandardCharsets.UTF_8));
      HttpRequest request = HttpRequest.newBuilder(URI.create(url))
          .header("Authorization", "Bearer " + server.token())
          .timeout(TIMEOUT)
          .POST(HttpRequest.BodyPublishers.noBody())
          .build();
      HttpResponse<String> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException e) {
        return Optional.empty();
      }
      if (response.statusCode() != 200) {
        throw new CliException(CliException.FAILURE, response.body().strip());
      }
      reports.add(SyncReport.fromJson(response.body()));
    }
    return Optional.of(reports);
  }

  /** Opens the stores in this process and syncs them, with progress on standard error. */
  private List<SyncReport> here(Home home, List<UserName> users) throws IOException {
    List<SyncReport> reports = new ArrayList<>();
    var progress = new TextProgressMonitor(spec.commandLine().getErr());
    try (Stores stores = new Stores(home, device != null ? device : StoreCommand.defaultDevice())) {
      HomeSync sync = new HomeSync(stores);
      for (UserName u : users) {
        reports.add(sync.sync(u, Optional.ofNullable(remote), progress));
      }
    } catch (HomeSync.UnknownRemoteException e) {
      throw new CliException(CliException.FAILURE, e.getMessage());
    } catch (RepositoryLockedException e) {
      throw new CliException(
          CliException.FAILURE,
          "a store of " + home + " is open in another"
              + " process that did not say where it listens; stop it, or run `nymote sync` again"
              + " once it has started");
    }
    return reports;
  }
}
