package org.nymote.signpost.zone;

import java.util.List;
import java.util.Map;

/** Fixtures: a zone of two devices and a few records of the user's. */
final class Zones {
  static final ZoneKey LAPTOP_KEY = ZoneKey.generate();
  static final ZoneKey PHONE_KEY = ZoneKey.generate();

  private Zones() {}

  static DeviceEntry laptop() {
    return new DeviceEntry(
        "laptop",
        List.of("127.0.0.1", "::1"),
        Map.of("imaps", 1993, "imap", 1143, "submission", 2587, "https", 8443, "smtp", 2525),
        LAPTOP_KEY.dnskeyField());
  }

  static DeviceEntry phone() {
    return new DeviceEntry(
        "phone", List.of("192.0.2.7"), Map.of("imaps", 1993), PHONE_KEY.dnskeyField());
  }

  static List<ZoneRecord> records() {
    return List.of(
        new ZoneRecord("@", "TXT", 300, "\"v=spf1 mx -all\""),
        new ZoneRecord("www", "CNAME", 300, "laptop"),
        new ZoneRecord("@", "MX", 300, "20 mx.other.test."),
        new ZoneRecord("deep.under.www2", "A", 300, "192.0.2.9"));
  }

  static ZoneData data() {
    return new ZoneData(
        ZoneData.absolute("example.test"), 7, List.of(laptop(), phone()), records());
  }
}
