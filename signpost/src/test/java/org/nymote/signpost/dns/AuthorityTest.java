package org.nymote.signpost.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class AuthorityTest {
  private final Authority authority = new Authority(TestZone.zones());

  @Test
  void anEmptyNonTerminalIsNodataNotNxdomain() throws IOException {
    Message r = authority.answer(query("_tcp.example.test.", Type.A, true));
    assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(r.getSection(Section.AUTHORITY))
        .extracting(Record::getType)
        .contains(Type.SOA, Type.NSEC);
  }

  @Test
  void anyGetsOneRrsetAndNamesOutsideAreRefusedWithoutAa() throws IOException {
    Message any = authority.answer(query("example.test.", Type.ANY, false));
    Message outside = authority.answer(query("example.com.", Type.A, false));
    Message chaos = authority.answer(
        Message.newQuery(Record.newRecord(Name.fromString("example.test."), Type.TXT, DClass.CH)));

    assertThat(any.getSection(Section.ANSWER).stream().map(Record::getType).distinct())
        .hasSize(1);
    assertThat(outside.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(outside.getHeader().getFlag(Flags.AA)).isFalse();
    assertThat(chaos.getRcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void anUnknownEdnsVersionIsBadvers() throws IOException {
    Message q =
        Message.newQuery(Record.newRecord(Name.fromString("example.test."), Type.SOA, DClass.IN));
    q.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
    assertThat(authority.answer(q).getRcode()).isEqualTo(Rcode.BADVERS);
  }

  private static Message query(String name, int type, boolean dnssec) throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    if (dnssec) {
      q.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
    }
    return q;
  }
}
