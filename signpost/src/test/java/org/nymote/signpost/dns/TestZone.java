package org.nymote.signpost.dns;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nymote.signpost.zone.DeviceEntry;
import org.nymote.signpost.zone.ZoneBuilder;
import org.nymote.signpost.zone.ZoneData;
import org.nymote.signpost.zone.ZoneKey;
import org.nymote.signpost.zone.ZoneRecord;

/** A signed zone {@code example.test.} with one device and a TXT set too big for 512 bytes. */
final class TestZone {
  static final ZoneKey KEY = ZoneKey.generate();

  private TestZone() {}

  static ZoneSet zones() {
    List<ZoneRecord> records = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      records.add(new ZoneRecord("big", "TXT", 300, "\"" + "x".repeat(60) + i + "\""));
    }
    var data = new ZoneData(
        ZoneData.absolute("example.test"),
        1,
        List.of(new DeviceEntry(
            "laptop", List.of("127.0.0.1"), Map.of("imaps", 1993), KEY.dnskeyField())),
        records);
    var set = new ZoneSet();
    set.put(java.util.Optional.empty(), ZoneBuilder.build(data, KEY, Instant.now()));
    return set;
  }
}
