package org.nymote.dav.vcard;

import ezvcard.Ezvcard;
import ezvcard.VCard;
import ezvcard.VCardVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.nymote.dav.DavException;
import org.nymote.dav.merge.ContentLines;
import org.nymote.dav.xml.Names;

/**
 * One address object resource (RFC 6352 §5.1): exactly one vCard, version 3.0 or 4.0, with a UID
 * and an FN, checked once with ez-vcard; its lines are kept for filters. Immutable.
 */
public record VCardObject(String uid, VCardVersion version, ContentLines.Block lines) {
  /** Parses and checks; a 403 with CARDDAV:valid-address-data says what is wrong. */
  public static VCardObject parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<VCard> cards;
    List<ContentLines.Block> blocks;
    try {
      cards = Ezvcard.parse(text).all();
      blocks = ContentLines.parse(text);
    } catch (RuntimeException e) {
      throw invalid("not a valid vCard: " + e.getMessage());
    }
    if (cards.size() != 1 || blocks.size() != 1 || !blocks.get(0).name().equals("VCARD")) {
      throw invalid("an address object resource holds exactly one vCard");
    }
    VCard card = cards.get(0);
    if (card.getVersion() != VCardVersion.V3_0 && card.getVersion() != VCardVersion.V4_0) {
      throw invalid("only vCard 3.0 and 4.0 are supported");
    }
    String uid = blocks.get(0).value("UID");
    if (uid.isEmpty()) {
      throw invalid("the vCard has no UID");
    }
    if (blocks.get(0).value("FN").isEmpty() && card.getFormattedName() == null) {
      throw invalid("the vCard has no FN");
    }
    return new VCardObject(uid, card.getVersion(), blocks.get(0));
  }

  private static DavException invalid(String why) {
    return new DavException(403, Names.VALID_ADDRESS_DATA, why);
  }
}
