package org.nymote.signpost.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nymote.signpost.zone.DeviceEntry;
import org.nymote.signpost.zone.ZoneBuilder;
import org.nymote.signpost.zone.ZoneData;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class QueryHandlerCacheTest {
  @Test
  void aRepeatedQueryGetsTheSameAnswerUnderItsOwnIdAndAChangedZoneGetsANewOne() throws Exception {
    ZoneSet zones = TestZone.zones();
    var handler = new QueryHandler(new Authority(zones));
    Message q = Message.newQuery(
        Record.newRecord(Name.fromString("laptop.example.test."), Type.A, DClass.IN));
    q.getHeader().setID(1);
    byte[] first = q.toWire();
    q.getHeader().setID(2);
    byte[] second = q.toWire();

    byte[] a = handler.handle(first, first.length, true).orElseThrow();
    byte[] b = handler.handle(second, second.length, true).orElseThrow();

    assertThat(new Message(a).getHeader().getID()).isEqualTo(1);
    assertThat(new Message(b).getHeader().getID()).isEqualTo(2);
    assertThat(Arrays.copyOfRange(b, 2, b.length)).isEqualTo(Arrays.copyOfRange(a, 2, a.length));

    var moved = new ZoneData(
        ZoneData.absolute("example.test"),
        2,
        List.of(
            new DeviceEntry("laptop", List.of("192.0.2.99"), Map.of(), TestZone.KEY.dnskeyField())),
        List.of());
    zones.put(Optional.empty(), ZoneBuilder.build(moved, TestZone.KEY, Instant.now()));
    byte[] c = handler.handle(second, second.length, true).orElseThrow();

    assertThat(((ARecord) new Message(c).getSection(Section.ANSWER).getFirst())
            .getAddress()
            .getHostAddress())
        .isEqualTo("192.0.2.99");
  }
}
