package org.nymote.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.nymote.server.users.RandomPassword;
import org.nymote.server.users.UserName;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code nymote user add|list}: the users of a home. */
@Command(
    name = "user",
    description = "Add and list the users of a home.",
    subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class})
final class UserCommand implements Runnable {
  private static final int MAX_PASSWORD_BYTES = 1024;

  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "missing command: `add` or `list`");
  }

  @Command(
      name = "add",
      description = {
        "Add a user. Without --password-stdin a random password is made and printed once."
      })
  static final class Add implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", converter = NameConverter.class, description = "the name")
    private UserName name;

    @Option(
        names = "--password-stdin",
        description = "read the password from standard input (one line)")
    private boolean passwordStdin;

    @Override
    public Integer call() throws IOException {
      Home home = Main.home(spec).requireExisting();
      String generated = passwordStdin ? null : RandomPassword.generate();
      byte[] password = passwordStdin
          ? readPassword(Main.stdin(spec))
          : generated.getBytes(StandardCharsets.UTF_8);
      try {
        switch (home.addUser(name, password)) {
          case NAME_TAKEN ->
            throw new CliException(
                CliException.USAGE,
                "user '" + name
                    + "' already exists in " + home + "; choose another name (`nymote user list`"
                    + " shows the names taken)");
          case ADDED -> {}
        }
      } finally {
        Arrays.fill(password, (byte) 0);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("added user " + name);
      if (generated != null) {
        out.println("password for " + name + ": " + generated);
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "list", description = "List the users' names, one a line.")
  static final class ListUsers implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      for (UserName name : Main.home(spec).requireExisting().users().list()) {
        out.println(name);
      }
      out.flush();
      return 0;
    }
  }

  /** Reads a one-line password; a final newline (LF or CRLF) is not part of it. */
  static byte[] readPassword(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_PASSWORD_BYTES + 2);
    int length = bytes.length;
    if (length > 0 && bytes[length - 1] == '\n') {
      length--;
      if (length > 0 && bytes[length - 1] == '\r') {
        length--;
      }
    }
    byte[] password = Arrays.copyOf(bytes, length);
    Arrays.fill(bytes, (byte) 0);
    String problem = null;
    if (length == 0) {
      problem = "no password on standard input";
    } else if (length > MAX_PASSWORD_BYTES) {
      problem = "the password is longer than " + MAX_PASSWORD_BYTES + " bytes";
    } else if (indexOfLineBreak(password) >= 0) {
      problem = "the password spans several lines";
    }
    if (problem != null) {
      throw new CliException(
          CliException.USAGE,
          problem + "; pipe in one line, for example"
              + " `printf '%s\\n' \"$PASSWORD\" | nymote user add NAME --password-stdin`");
    }
    return password;
  }

  private static int indexOfLineBreak(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n' || bytes[i] == '\r') {
        return i;
      }
    }
    return -1;
  }

  /** Turns an argument into a {@link UserName}, or a usage error saying what a valid name is. */
  static final class NameConverter implements ITypeConverter<UserName> {
    @Override
    public UserName convert(String value) {
      try {
        return new UserName(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
