package org.nymote.signpost.zone;

import org.nymote.store.Path;

/**
 * Where the zone lives in a user's store. Every value is a JSON record merged field by field, so
 * two devices that change different records merge cleanly:
 *
 * <pre>
 * signpost/zone/settings.json          {"domain": "example.org"} (absent: the default zone name)
 * signpost/zone/serial.counter         the SOA serial: a counter every change increments
 * signpost/zone/devices/LABEL.json     one device's addresses, services and zone key (public part);
 *                                      written only by that device
 * signpost/zone/records/ID.json        a record added by the user; ID is a digest of its content
 * </pre>
 */
public final class ZonePaths {
  public static final Path ROOT = Path.of("signpost", "zone");
  public static final Path SETTINGS = ROOT.child("settings.json");
  public static final Path SERIAL = ROOT.child("serial.counter");
  public static final Path DEVICES = ROOT.child("devices");
  public static final Path RECORDS = ROOT.child("records");

  private ZonePaths() {}

  public static Path device(String label) {
    return DEVICES.child(label + ".json");
  }

  public static Path record(String id) {
    return RECORDS.child(id + ".json");
  }
}
