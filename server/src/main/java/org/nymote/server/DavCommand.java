package org.nymote.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nymote.dav.Dav;
import org.nymote.dav.DavRequest;
import org.nymote.dav.DavResponse;
import org.nymote.dav.Transfer;
import org.nymote.dav.collection.Kind;
import org.nymote.server.dav.DavHttp;
import org.nymote.server.stores.Stores;
import org.nymote.server.sync.LocalServer;
import org.nymote.server.users.UserName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nymote dav import|export}: .ics and .vcf files into and out of a user's calendars and
 * address books. Every resource goes through the same DAV requests a client sends (so it is
 * checked the same way): to the running {@code nymote serve} of the home over loopback with its
 * {@link LocalServer} token, or, when none runs, to the store opened here.
 */
@Command(
    name = "dav",
    description = "Import and export calendars (.ics) and address books (.vcf).",
    subcommands = {DavCommand.Import.class, DavCommand.Export.class})
final class DavCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Option(
      names = "--user",
      required = true,
      paramLabel = "NAME",
      converter = UserCommand.NameConverter.class,
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "whose calendars or address books")
  private UserName user;

  @Option(
      names = "--collection",
      paramLabel = "ID",
      defaultValue = "default",
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "the calendar or address book (default: ${DEFAULT-VALUE})")
  private String collection;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "use import or export");
  }

  /** Sends requests to the running serve, or to the store opened in this process. */
  private interface Transport extends AutoCloseable {
    DavResponse send(String method, String path, byte[] body, Map<String, String> headers)
        throws IOException, InterruptedException;

    @Override
    void close();
  }

  private Transport open() throws IOException {
    Home home = Main.home(spec).requireExisting();
    if (!home.users().list().contains(user)) {
      throw new CliException(CliException.FAILURE, "no user '" + user + "'; `nymote user list`");
    }
    Optional<LocalServer> server = LocalServer.running(home.dir());
    if (server.isPresent()) {
      return http(server.get());
    }
    Stores stores = new Stores(home, StoreCommand.defaultDevice());
    Dav dav = new Dav(
        DavHttp.PREFIX, u -> stores.of(new UserName(u)), stores.device(), Dav.MAX_RESOURCE_BYTES);
    return new Transport() {
      @Override
      public DavResponse send(String method, String path, byte[] body, Map<String, String> h) {
        return dav.handle(new DavRequest(method, path, h, body, user.value()));
      }

      @Override
      public void close() {
        stores.close();
      }
    };
  }

  private static Transport http(LocalServer server) {
    HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String base = server.url().replaceAll("/$", "");
    return new Transport() {
      @Override
      public DavResponse send(String method, String path, byte[] body, Map<String, String> h)
          throws IOException, InterruptedException {
        var b = HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofMinutes(2))
            .header("Authorization", "Bearer " + server.token())
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        h.forEach(b::header);
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new DavResponse(r.statusCode(), Map.of(), r.body());
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }

  private String collectionPath(Kind kind) {
    return DavHttp.PREFIX + "/" + user + "/" + kind.home() + "/" + collection + "/";
  }

  @Command(name = "import", description = "Import .ics or .vcf files, one resource per UID.")
  static final class Import implements Callable<Integer> {
    @ParentCommand
    private DavCommand dav;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "the .ics or .vcf files")
    private List<java.nio.file.Path> files;

    @Override
    public Integer call() throws IOException, InterruptedException {
      PrintWriter err = spec.commandLine().getErr();
      int imported = 0;
      int refused = 0;
      try (Transport t = dav.open()) {
        for (java.nio.file.Path file : files) {
          Kind kind = file.toString().endsWith(".vcf") ? Kind.ADDRESSBOOK : Kind.CALENDAR;
          List<Transfer.Item> items;
          try {
            items = Transfer.split(kind, Files.readAllBytes(file));
          } catch (IllegalArgumentException e) {
            throw new CliException(CliException.FAILURE, file + ": " + e.getMessage());
          }
          String base = dav.collectionPath(kind);
          for (int i = 0; i < items.size(); i++) {
            var item = items.get(i);
            DavResponse r = t.send("PUT", base + item.name(), item.body(), Map.of());
            if (r.status() == 201 || r.status() == 204) {
              imported++;
            } else {
              refused++;
              err.println(file + ": " + item.name() + " refused (" + r.status() + "): "
                  + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).strip());
            }
            if ((i + 1) % 100 == 0 || i + 1 == items.size()) {
              err.println(file + ": " + (i + 1) + "/" + items.size());
              err.flush();
            }
          }
        }
      }
      spec.commandLine().getOut().println("imported " + imported + ", refused " + refused);
      return refused == 0 ? 0 : CliException.FAILURE;
    }
  }

  @Command(name = "export", description = "Write a calendar (.ics) or address book (.vcf).")
  static final class Export implements Callable<Integer> {
    @ParentCommand
    private DavCommand dav;

    @Spec
    private CommandSpec spec;

    @Option(names = "--contacts", description = "export the address book, not the calendar")
    private boolean contacts;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "default: stdout")
    private java.nio.file.Path output;

    @Override
    public Integer call() throws IOException, InterruptedException {
      Kind kind = contacts ? Kind.ADDRESSBOOK : Kind.CALENDAR;
      DavResponse r;
      try (Transport t = dav.open()) {
        r = t.send("GET", dav.collectionPath(kind), new byte[0], Map.of());
      }
      if (r.status() != 200) {
        throw new CliException(
            CliException.FAILURE,
            "cannot export " + dav.collectionPath(kind) + ": "
                + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).strip());
      }
      if (output == null) {
        Main.stdout(spec).writeBytes(r.body());
        Main.stdout(spec).flush();
      } else {
        Files.write(output, r.body());
        spec.commandLine().getErr().println("wrote " + output);
      }
      return 0;
    }
  }
}
