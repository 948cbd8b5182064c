package org.nymote.signpost.dns;

import java.util.Map;
import java.util.Optional;
import org.nymote.signpost.zone.SignedZone;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Answers one query from the zones it holds, as an authoritative server (RFC 1034 section 4.3.2,
 * without delegations or wildcards): the RRset asked for, NODATA or NXDOMAIN with the SOA in the
 * authority section, and with the DO bit (RFC 3225) the signatures and the NSEC records that prove
 * a denial (RFC 4035 section 3.1.3). Names outside its zones are REFUSED: it is not a resolver. ANY
 * gets one RRset (RFC 8482). Pure and thread-safe: a query in, a response value out.
 */
public final class Authority {
  /** The EDNS payload size it advertises and honours at most (DNS flag day 2020). */
  public static final int MAX_UDP_PAYLOAD = 1232;

  private final ZoneSet zones;

  public Authority(ZoneSet zones) {
    this.zones = zones;
  }

  /** See {@link ZoneSet#generation}: answers depend on the query and this alone. */
  public Object generation() {
    return zones.generation();
  }

  public Message answer(Message query) {
    Header qh = query.getHeader();
    Message r = new Message(qh.getID());
    Header h = r.getHeader();
    h.setFlag(Flags.QR);
    h.setOpcode(qh.getOpcode());
    if (qh.getFlag(Flags.RD)) {
      h.setFlag(Flags.RD);
    }
    if (qh.getOpcode() != Opcode.QUERY) {
      h.setRcode(Rcode.NOTIMP);
      return r;
    }
    Record question = query.getQuestion();
    if (question == null || qh.getCount(Section.QUESTION) != 1) {
      h.setRcode(Rcode.FORMERR);
      return r;
    }
    r.addRecord(question, Section.QUESTION);
    OPTRecord opt = query.getOPT();
    boolean dnssec = opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
    if (opt != null) {
      if (opt.getVersion() > 0) { // RFC 6891 section 6.1.3
        r.addRecord(new OPTRecord(MAX_UDP_PAYLOAD, Rcode.BADVERS >>> 4, 0, 0), Section.ADDITIONAL);
        return r;
      }
      r.addRecord(
          new OPTRecord(MAX_UDP_PAYLOAD, 0, 0, dnssec ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
    }
    int qtype = question.getType();
    int qclass = question.getDClass();
    Optional<SignedZone> zone = zones.find(question.getName());
    if (zone.isEmpty()
        || (qclass != DClass.IN && qclass != DClass.ANY)
        || qtype == Type.AXFR
        || qtype == Type.IXFR) {
      h.setRcode(Rcode.REFUSED);
      return r;
    }
    h.setFlag(Flags.AA);
    lookup(zone.get(), question.getName(), qtype, dnssec, r);
    return r;
  }

  private static void lookup(SignedZone zone, Name qname, int qtype, boolean dnssec, Message r) {
    Optional<Map<Integer, RRset>> node = zone.node(qname);
    if (node.isEmpty()) {
      boolean nodata = zone.isEmptyNonTerminal(qname);
      if (!nodata) {
        r.getHeader().setRcode(Rcode.NXDOMAIN);
      }
      add(r, Section.AUTHORITY, zone.soa(), dnssec);
      if (dnssec) {
        RRset covers = zone.covering(qname);
        add(r, Section.AUTHORITY, covers, true);
        if (!nodata) { // and no wildcard could have matched (RFC 4035 section 3.1.3.2)
          RRset wildcard = zone.covering(wildcard(zone.closestEncloser(qname)));
          if (!wildcard.getName().equals(covers.getName())) {
            add(r, Section.AUTHORITY, wildcard, true);
          }
        }
      }
      return;
    }
    Map<Integer, RRset> sets = node.get();
    if (qtype == Type.ANY) {
      RRset first = sets.values().stream()
          .filter(s -> s.getType() != Type.NSEC)
          .findFirst()
          .orElse(sets.get(Type.NSEC));
      add(r, Section.ANSWER, first, dnssec);
      return;
    }
    if (qtype == Type.RRSIG) {
      sets.values().forEach(s -> s.sigs().forEach(sig -> r.addRecord(sig, Section.ANSWER)));
      return;
    }
    RRset set = sets.get(qtype);
    if (set != null) {
      add(r, Section.ANSWER, set, dnssec);
      return;
    }
    RRset cname = sets.get(Type.CNAME);
    if (cname != null) {
      add(r, Section.ANSWER, cname, dnssec);
      Name target = ((CNAMERecord) cname.first()).getTarget();
      zone.find(target, qtype).ifPresent(t -> add(r, Section.ANSWER, t, dnssec));
      return;
    }
    add(r, Section.AUTHORITY, zone.soa(), dnssec);
    if (dnssec) {
      add(r, Section.AUTHORITY, sets.get(Type.NSEC), true);
    }
  }

  /** {@code *.ENCLOSER}: never too long, since the encloser is at least a label shorter. */
  private static Name wildcard(Name encloser) {
    try {
      return Name.concatenate(Name.fromConstantString("*"), encloser);
    } catch (NameTooLongException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void add(Message r, int section, RRset set, boolean dnssec) {
    for (Record rr : set.rrs(false)) {
      r.addRecord(rr, section);
    }
    if (dnssec) {
      for (Record sig : set.sigs()) {
        r.addRecord(sig, section);
      }
    }
  }
}
