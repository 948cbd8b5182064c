package org.nymote.signpost.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nymote.store.Branch;
import org.nymote.store.Commit;
import org.nymote.store.Info;
import org.nymote.store.MergeResult;
import org.nymote.store.Repo;
import org.nymote.store.types.StandardTypes;
import org.xbill.DNS.Name;

class ZoneEditsTest {
  private static final Name DEFAULT = ZoneData.absolute("alice.nymote.test");

  private final Repo repo = Repo.inMemory(StandardTypes.schema());
  private final Branch main = repo.branch("main");

  @Test
  void twoDevicesEditingDifferentRecordsMergeCleanlyAndTheSerialCountsEveryChange() {
    main.update(info("laptop"), ZoneEdits.publish(Zones.laptop()));
    Branch phone = repo.branch("phone");
    assertThat(phone.compareAndSet(Optional.empty(), main.head().orElseThrow().id()))
        .isTrue();
    main.update(info("laptop"), ZoneEdits.add(Zones.records().get(0)));
    phone.update(info("phone"), ZoneEdits.publish(Zones.phone()));
    phone.update(info("phone"), ZoneEdits.add(Zones.records().get(2)));

    MergeResult merged = main.merge(phone, info("laptop"));

    assertThat(merged.isClean()).as(merged.conflicts().toString()).isTrue();
    ZoneData zone = ZoneData.read(main.tree(), DEFAULT);
    assertThat(zone.devices()).containsExactlyInAnyOrder(Zones.laptop(), Zones.phone());
    assertThat(zone.records())
        .containsExactlyInAnyOrder(Zones.records().get(0), Zones.records().get(2));
    assertThat(zone.serial()).isEqualTo(4);
  }

  @Test
  void publishingAnUnchangedEntryCommitsNothingAndAChangedOneMovesTheSerial() {
    Commit first = main.update(info("laptop"), ZoneEdits.publish(Zones.laptop()));
    Commit again = main.update(info("laptop"), ZoneEdits.publish(Zones.laptop()));
    DeviceEntry moved = new DeviceEntry(
        "laptop", java.util.List.of("192.0.2.50"), Zones.laptop().services(), "");
    main.update(info("laptop"), ZoneEdits.publish(moved));

    assertThat(again.id()).isEqualTo(first.id());
    ZoneData zone = ZoneData.read(main.tree(), DEFAULT);
    assertThat(zone.serial()).isEqualTo(2);
    assertThat(zone.devices()).containsExactly(moved);
  }

  @Test
  void theSameRecordAddedTwiceIsOneAndRemovingItMovesTheSerial() {
    ZoneRecord txt = Zones.records().get(0);
    main.update(info("laptop"), ZoneEdits.add(txt));
    main.update(info("laptop"), ZoneEdits.add(txt));
    assertThat(ZoneData.read(main.tree(), DEFAULT).records()).containsExactly(txt);

    main.update(info("laptop"), ZoneEdits.remove("@", "txt", Optional.empty()));

    ZoneData zone = ZoneData.read(main.tree(), DEFAULT);
    assertThat(zone.records()).isEmpty();
    assertThat(zone.serial()).isEqualTo(2);
  }

  @Test
  void theDomainSettingNamesTheZoneAndABadOneIsRefused() {
    main.update(info("laptop"), ZoneEdits.setDomain(Optional.of("Example.ORG")));
    assertThat(ZoneData.read(main.tree(), DEFAULT).origin().toString()).isEqualTo("example.org.");

    main.update(info("laptop"), ZoneEdits.setDomain(Optional.empty()));
    assertThat(ZoneData.read(main.tree(), DEFAULT).origin()).isEqualTo(DEFAULT);
    assertThatThrownBy(() -> ZoneEdits.setDomain(Optional.of("bad..name")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRecordThatDoesNotParseIsLeftOutAndTheRestIsServed() {
    main.update(info("laptop"), ZoneEdits.add(Zones.records().get(0)));
    main.set(
        info("someone"),
        ZonePaths.record("bad"),
        "{\"name\":\"x\",\"type\":\"A\",\"data\":\"not an address\"}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    main.set(
        info("someone"),
        ZonePaths.device("junk"),
        "{\"label\":\"BAD LABEL\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    ZoneData zone = ZoneData.read(main.tree(), DEFAULT);

    assertThat(zone.records()).containsExactly(Zones.records().get(0));
    assertThat(zone.devices()).isEmpty();
    assertThat(
            ZoneBuilder.build(zone, Zones.LAPTOP_KEY, java.time.Instant.now()).soa())
        .isNotNull();
  }

  @Test
  void recordsOfManagedTypesOrOutsideTheZoneAreRefused() {
    assertThatThrownBy(() -> new ZoneRecord("@", "NS", 300, "ns.other.test.").toRecord(DEFAULT))
        .hasMessageContaining("made by Nymote");
    assertThatThrownBy(
            () -> new ZoneRecord("x.other.test.", "A", 300, "192.0.2.1").toRecord(DEFAULT))
        .hasMessageContaining("not inside the zone");
    assertThatThrownBy(() -> new ZoneRecord("x", "BOGUS", 300, "1").toRecord(DEFAULT))
        .hasMessageContaining("unknown record type");
  }

  private static Info info(String device) {
    return Info.now(device, "test");
  }
}
