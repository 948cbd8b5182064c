package org.nymote.dav.xml;

import javax.xml.namespace.QName;

/** The XML names Nymote's DAV reads and writes, by namespace. */
public final class Names {
  public static final String DAV = "DAV:";
  public static final String CALDAV = "urn:ietf:params:xml:ns:caldav";
  public static final String CARDDAV = "urn:ietf:params:xml:ns:carddav";
  public static final String CS = "http://calendarserver.org/ns/";
  public static final String APPLE = "http://apple.com/ns/ical/";

  // RFC 4918, RFC 5397, RFC 3744, RFC 6578
  public static final QName RESOURCETYPE = dav("resourcetype");
  public static final QName DISPLAYNAME = dav("displayname");
  public static final QName GETETAG = dav("getetag");
  public static final QName GETCONTENTTYPE = dav("getcontenttype");
  public static final QName GETCONTENTLENGTH = dav("getcontentlength");
  public static final QName CURRENT_USER_PRINCIPAL = dav("current-user-principal");
  public static final QName PRINCIPAL_URL = dav("principal-URL");
  public static final QName OWNER = dav("owner");
  public static final QName SUPPORTED_REPORT_SET = dav("supported-report-set");
  public static final QName CURRENT_USER_PRIVILEGE_SET = dav("current-user-privilege-set");
  public static final QName SYNC_TOKEN = dav("sync-token");
  public static final QName COLLECTION = dav("collection");
  public static final QName PRINCIPAL = dav("principal");
  public static final QName VALID_SYNC_TOKEN = dav("valid-sync-token");
  public static final QName SYNC_COLLECTION = dav("sync-collection");

  // RFC 4791
  public static final QName CALENDAR = caldav("calendar");
  public static final QName CALENDAR_HOME_SET = caldav("calendar-home-set");
  public static final QName CALENDAR_DESCRIPTION = caldav("calendar-description");
  public static final QName SUPPORTED_CALENDAR_COMPONENT_SET =
      caldav("supported-calendar-component-set");
  public static final QName SUPPORTED_CALENDAR_DATA = caldav("supported-calendar-data");
  public static final QName CALENDAR_MAX_RESOURCE_SIZE = caldav("max-resource-size");
  public static final QName CALENDAR_USER_ADDRESS_SET = caldav("calendar-user-address-set");
  public static final QName CALENDAR_DATA = caldav("calendar-data");
  public static final QName CALENDAR_QUERY = caldav("calendar-query");
  public static final QName CALENDAR_MULTIGET = caldav("calendar-multiget");
  public static final QName FREE_BUSY_QUERY = caldav("free-busy-query");
  public static final QName VALID_CALENDAR_DATA = caldav("valid-calendar-data");
  public static final QName SUPPORTED_CALENDAR_COMPONENT = caldav("supported-calendar-component");
  public static final QName CALDAV_NO_UID_CONFLICT = caldav("no-uid-conflict");
  public static final QName CALDAV_MAX_RESOURCE_SIZE_ERR = caldav("max-resource-size");

  // RFC 6352
  public static final QName ADDRESSBOOK = carddav("addressbook");
  public static final QName ADDRESSBOOK_HOME_SET = carddav("addressbook-home-set");
  public static final QName ADDRESSBOOK_DESCRIPTION = carddav("addressbook-description");
  public static final QName SUPPORTED_ADDRESS_DATA = carddav("supported-address-data");
  public static final QName ADDRESSBOOK_MAX_RESOURCE_SIZE = carddav("max-resource-size");
  public static final QName ADDRESS_DATA = carddav("address-data");
  public static final QName ADDRESSBOOK_QUERY = carddav("addressbook-query");
  public static final QName ADDRESSBOOK_MULTIGET = carddav("addressbook-multiget");
  public static final QName VALID_ADDRESS_DATA = carddav("valid-address-data");
  public static final QName CARDDAV_NO_UID_CONFLICT = carddav("no-uid-conflict");

  public static final QName GETCTAG = new QName(CS, "getctag");

  private Names() {}

  public static QName dav(String name) {
    return new QName(DAV, name);
  }

  public static QName caldav(String name) {
    return new QName(CALDAV, name);
  }

  public static QName carddav(String name) {
    return new QName(CARDDAV, name);
  }

  /** The prefix the writer declares on the root for a namespace, or null for others. */
  static String prefix(String namespace) {
    return switch (namespace) {
      case DAV -> "D";
      case CALDAV -> "C";
      case CARDDAV -> "CR";
      case CS -> "CS";
      case APPLE -> "A";
      default -> null;
    };
  }
}
