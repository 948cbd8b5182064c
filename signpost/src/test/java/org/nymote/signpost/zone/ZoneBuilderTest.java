package org.nymote.signpost.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

class ZoneBuilderTest {
  @TempDir
  Path temp;

  private final Instant now = Instant.now();
  private final SignedZone zone = ZoneBuilder.build(Zones.data(), Zones.LAPTOP_KEY, now);
  private final Name origin = zone.origin();

  @Test
  void theApexHasTheSoaWithTheSerialAnNsPerDeviceAndEveryDevicesKey() throws Exception {
    SOARecord soa = (SOARecord) zone.soa().first();
    assertThat(soa.getSerial()).isEqualTo(7);
    assertThat(soa.getHost()).isEqualTo(Name.fromString("laptop.example.test."));
    assertThat(names(zone.find(origin, Type.NS).orElseThrow()))
        .containsExactly("laptop.example.test.", "phone.example.test.");
    assertThat(zone.find(origin, Type.DNSKEY).orElseThrow().rrs(false))
        .extracting(r -> ((DNSKEYRecord) r).getFootprint())
        .containsExactlyInAnyOrder(
            Zones.LAPTOP_KEY.dnskey(origin, 1).getFootprint(),
            Zones.PHONE_KEY.dnskey(origin, 1).getFootprint());
  }

  @Test
  void servicesBecomeSrvRecordsAtTheirPortsAndDavGetsItsPath() throws Exception {
    RRset imaps =
        zone.find(Name.fromString("_imaps._tcp.example.test."), Type.SRV).orElseThrow();
    assertThat(imaps.rrs(false))
        .extracting(r -> ((SRVRecord) r).getTarget() + ":" + ((SRVRecord) r).getPort())
        .containsExactlyInAnyOrder("laptop.example.test.:1993", "phone.example.test.:1993");
    Name caldavs = Name.fromString("_caldavs._tcp.example.test.");
    assertThat(((SRVRecord) zone.find(caldavs, Type.SRV).orElseThrow().first()).getPort())
        .isEqualTo(8443);
    assertThat(zone.find(caldavs, Type.TXT).orElseThrow().first().rdataToString())
        .isEqualTo("path=/.well-known/caldav");
    assertThat(zone.find(Name.fromString("_submission._tcp.example.test."), Type.SRV))
        .isPresent();
    assertThat(zone.find(origin, Type.MX).orElseThrow().rrs(false))
        .extracting(Record::rdataToString)
        .containsExactlyInAnyOrder("10 laptop.example.test.", "20 mx.other.test.");
  }

  @Test
  void everyRrsetIsSignedByThisDevicesKeyAndEachSignatureVerifies() throws Exception {
    DNSKEYRecord key = Zones.LAPTOP_KEY.dnskey(origin, ZoneBuilder.KEY_TTL);
    int sets = 0;
    for (Name name : allNames()) {
      for (RRset set : zone.node(name).orElseThrow().values()) {
        assertThat(set.sigs())
            .as(set.getName() + " " + Type.string(set.getType()))
            .hasSize(1);
        RRSIGRecord sig = set.sigs().getFirst();
        DNSSEC.verify(set, sig, key, now);
        assertThat(sig.getExpire()).isAfter(now.plus(ZoneBuilder.VALIDITY).minusSeconds(5));
        sets++;
      }
    }
    assertThat(sets).isGreaterThan(15);
  }

  @Test
  void theNsecChainLinksEveryNameInCanonicalOrderBackToTheApex() {
    List<Name> names = allNames();
    for (int i = 0; i < names.size(); i++) {
      NSECRecord nsec =
          (NSECRecord) zone.find(names.get(i), Type.NSEC).orElseThrow().first();
      assertThat(nsec.getNext()).isEqualTo(names.get((i + 1) % names.size()));
      assertThat(nsec.hasType(Type.RRSIG)).isTrue();
    }
  }

  @Test
  void ldnsVerifiesTheSignaturesAndNsecChainOfATwoDeviceZone() throws Exception {
    Path file = temp.resolve("example.test.zone");
    Files.writeString(file, zone.toMasterFile());

    Tool.Result ldns = Tool.run("ldns-verify-zone", file.toString());

    assertThat(ldns.exitCode()).as(ldns.output()).isZero();
    assertThat(ldns.output()).contains("Zone is verified and complete");
  }

  /**
   * Knot's check wants every RRset signed by every key in the DNSKEY set, which a multi-signer
   * zone served by one device is not (RFC 4035 section 2.2 asks one key per algorithm), so it
   * checks the zone of one device.
   */
  @Test
  void knotsZoneCheckAcceptsAOneDeviceZone() throws Exception {
    ZoneData one =
        new ZoneData(Zones.data().origin(), 3, java.util.List.of(Zones.laptop()), Zones.records());
    Path file = temp.resolve("one.zone");
    Files.writeString(file, ZoneBuilder.build(one, Zones.LAPTOP_KEY, now).toMasterFile());

    Tool.Result knot = Tool.run("kzonecheck", "-o", "example.test.", "-d", "on", file.toString());

    assertThat(knot.exitCode()).as(knot.output()).isZero();
  }

  @Test
  void aTamperedRecordFailsTheChecker() throws Exception {
    Path file = temp.resolve("example.test.zone");
    Files.writeString(file, zone.toMasterFile().replace("192.0.2.7", "192.0.2.66"));

    Tool.Result ldns = Tool.run("ldns-verify-zone", file.toString());

    assertThat(ldns.exitCode()).as(ldns.output()).isNotZero();
  }

  private List<Name> allNames() {
    List<Name> names = new ArrayList<>();
    for (Record r : zone.records()) {
      if (!names.contains(r.getName())) {
        names.add(r.getName());
      }
    }
    return names;
  }

  private static List<String> names(RRset set) {
    return set.rrs(false).stream()
        .map(r -> r.getAdditionalName().toString())
        .sorted()
        .toList();
  }
}
