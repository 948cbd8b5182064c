package org.nymote.server;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code nymote} command. Exit codes: 0 ok, 1 runtime failure, 2 usage error. Errors go to
 * standard error as {@code nymote: error: ...}, saying what went wrong and what to do.
 */
@Command(
    name = "nymote",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Your own piece of the cloud: mail, contacts and calendars on your own devices.",
    subcommands = {
      ServeCommand.class,
      UserCommand.class,
      StoreCommand.class,
      RemoteCommand.class,
      SyncCommand.class,
      TokenCommand.class,
      MailCommand.class,
      ZoneCommand.class,
      DavCommand.class,
      IdentityCommand.class,
      DeviceCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @Option(
      names = "--home",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "the Nymote home (default: $NYMOTE_HOME, else ./nymote-data)")
  private Path home;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "log what happens (INFO) to standard error, and stack traces of errors")
  private boolean verbose;

  @Spec
  private CommandSpec spec;

  private final Map<String, String> environment;
  private final InputStream in;
  private final PrintStream out;

  private Main(Map<String, String> environment, InputStream in, PrintStream out) {
    this.environment = environment;
    this.in = in;
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(execute(System.getenv(), System.in, System.out, System.err, args));
  }

  /** Runs the command line with these streams and returns its exit code. */
  static int execute(
      Map<String, String> environment,
      InputStream in,
      PrintStream out,
      PrintStream err,
      String... args) {
    var main = new Main(environment, in, out);
    return new CommandLine(main)
        .setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true))
        .setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true))
        .setExecutionStrategy(main::executeLogging)
        .setParameterExceptionHandler(Main::usageError)
        .setExecutionExceptionHandler((e, commandLine, parseResult) -> main.failure(e, commandLine))
        .execute(args);
  }

  /** The home every subcommand uses (see {@link Home#locate}). */
  static Home home(CommandSpec spec) {
    Main main = (Main) spec.root().userObject();
    return Home.locate(main.home, main.environment);
  }

  /** The process environment, as given to {@link #execute}. */
  static Map<String, String> environment(CommandSpec spec) {
    return ((Main) spec.root().userObject()).environment;
  }

  /** Standard input. */
  static InputStream stdin(CommandSpec spec) {
    return ((Main) spec.root().userObject()).in;
  }

  /**
   * Standard output as bytes, for raw values; text goes through {@code
   * spec.commandLine().getOut()}, flushed before any bytes are written here.
   */
  static PrintStream stdout(CommandSpec spec) {
    return ((Main) spec.root().userObject()).out;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command, for example `serve`");
  }

  private int executeLogging(ParseResult parseResult) {
    if (verbose) {
      Logging.verbose();
    }
    return new CommandLine.RunLast().execute(parseResult);
  }

  private static int usageError(ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println("nymote: error: " + e.getMessage());
    err.println(
        "Run `" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help` for usage.");
    err.flush();
    return CliException.USAGE;
  }

  private int failure(Exception e, CommandLine commandLine) {
    PrintWriter err = commandLine.getErr();
    if (e instanceof CliException cli) {
      err.println("nymote: error: " + cli.getMessage());
      err.flush();
      return cli.exitCode();
    }
    err.println("nymote: error: " + describe(e));
    if (verbose) {
      e.printStackTrace(err);
    } else {
      err.println("Run again with --verbose for details.");
    }
    err.flush();
    return CliException.FAILURE;
  }

  private static String describe(Exception e) {
    if (e instanceof FileSystemException fs) {
      String reason = fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
      return "cannot use " + fs.getFile() + " (" + reason + "); check that it exists and that you"
          + " may read and write it";
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getName();
  }
}
