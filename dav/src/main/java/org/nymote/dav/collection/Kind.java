package org.nymote.dav.collection;

import javax.xml.namespace.QName;
import org.nymote.dav.xml.Names;
import org.nymote.store.Path;

/** The two kinds of collection: calendars (CalDAV) and address books (CardDAV). */
public enum Kind {
  CALENDAR("calendars", ".ics", "text/calendar; charset=utf-8", Names.CALENDAR),
  ADDRESSBOOK("contacts", ".vcf", "text/vcard; charset=utf-8", Names.ADDRESSBOOK);

  private final String home;
  private final String extension;
  private final String contentType;
  private final QName resourceType;

  Kind(String home, String extension, String contentType, QName resourceType) {
    this.home = home;
    this.extension = extension;
    this.contentType = contentType;
    this.resourceType = resourceType;
  }

  /** The name of the home, in URLs and as the top directory in the store. */
  public String home() {
    return home;
  }

  /** The extension of resources a client or an import names after their UID. */
  public String extension() {
    return extension;
  }

  public String contentType() {
    return contentType;
  }

  /** The element in DAV:resourcetype beside DAV:collection. */
  public QName resourceType() {
    return resourceType;
  }

  /** The store directory of a collection. */
  public Path collection(String id) {
    return Path.of(home, id);
  }

  public static java.util.Optional<Kind> ofHome(String name) {
    for (Kind k : values()) {
      if (k.home.equals(name)) {
        return java.util.Optional.of(k);
      }
    }
    return java.util.Optional.empty();
  }
}
