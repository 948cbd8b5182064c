package org.nymote.server.smtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nymote.mail.smtp.MailAddress;
import org.nymote.server.files.PrivateFiles;

/**
 * The mail domains of a home, one a line in {@code mail/domains} (edited by {@code nymote mail
 * domain}). Mail to {@code NAME@DOMAIN} for one of them goes to the user NAME. Read afresh on each
 * call, so a running server sees domains added by another process. Thread-safe within a process
 * (writers replace the file atomically).
 */
public final class MailDomains {
  private static final String HEADER =
      "# Mail domains of this home. Edit with `nymote mail domain`.\n";

  private final Path file;

  public MailDomains(Path homeDir) {
    this.file = homeDir.resolve("mail").resolve("domains");
  }

  /** The domains, lower case, in the order they were added. */
  public List<String> list() throws IOException {
    List<String> domains = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String domain = line.strip().toLowerCase(Locale.ROOT);
        if (!domain.isEmpty() && !domain.startsWith("#")) {
          domains.add(domain);
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    }
    return domains;
  }

  public boolean contains(String domain) throws IOException {
    return list().contains(domain.toLowerCase(Locale.ROOT));
  }

  /** Adds a domain; false if it was there. Throws IllegalArgumentException for a bad name. */
  public synchronized boolean add(String domain) throws IOException {
    String name = domain.strip().toLowerCase(Locale.ROOT);
    if (!MailAddress.validDomain(name) || name.startsWith("[")) {
      throw new IllegalArgumentException("'" + domain + "' is not a domain name");
    }
    List<String> domains = new ArrayList<>(list());
    if (domains.contains(name)) {
      return false;
    }
    domains.add(name);
    write(domains);
    return true;
  }

  /** Removes a domain; false if it was not there. */
  public synchronized boolean remove(String domain) throws IOException {
    List<String> domains = new ArrayList<>(list());
    if (!domains.remove(domain.strip().toLowerCase(Locale.ROOT))) {
      return false;
    }
    write(domains);
    return true;
  }

  private void write(List<String> domains) throws IOException {
    var text = new StringBuilder(HEADER);
    domains.forEach(d -> text.append(d).append('\n'));
    PrivateFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
  }
}
