package org.nymote.signpost.zone;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.nymote.store.types.JsonRecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A record the user added to the zone, in master-file terms: an owner name relative to the zone
 * ({@code @} for the apex), a type, a TTL and the data as text ({@code 10 mail.example.org.}).
 * Stored at {@link ZonePaths#record} under an id that is a digest of the owner, type and data, so
 * the same record added on two devices is one record after sync.
 */
public record ZoneRecord(String name, String type, long ttl, String data) {
  /** Types the zone makes itself, which users cannot add. */
  private static final java.util.Set<Integer> MANAGED = java.util.Set.of(
      Type.SOA,
      Type.NS,
      Type.DNSKEY,
      Type.RRSIG,
      Type.NSEC,
      Type.NSEC3,
      Type.NSEC3PARAM,
      Type.DS,
      Type.CDS,
      Type.CDNSKEY);

  public ZoneRecord {
    name = name.toLowerCase(Locale.ROOT);
    type = type.toUpperCase(Locale.ROOT);
    if (ttl < 0 || ttl > 604_800) {
      throw new IllegalArgumentException("the TTL must be between 0 and 604800 seconds");
    }
  }

  /** Checks the record parses for the zone {@code origin}; throws with the reason otherwise. */
  public Record toRecord(Name origin) {
    int t = Type.value(type);
    if (t < 0) {
      throw new IllegalArgumentException("unknown record type " + type);
    }
    if (MANAGED.contains(t)) {
      throw new IllegalArgumentException(type + " records are made by Nymote itself");
    }
    try {
      Name owner = name.equals("@") ? origin : Name.fromString(name, origin);
      if (!owner.subdomain(origin)) {
        throw new IllegalArgumentException(name + " is not inside the zone " + origin);
      }
      return Record.fromString(owner, t, DClass.IN, ttl, data, origin);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("bad " + type + " record: " + e.getMessage(), e);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("bad " + type + " data: " + e.getMessage(), e);
    }
  }

  /** The id it is stored under: 16 hex digits of SHA-256 over owner, type and data. */
  public String id() {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest((name + "\0" + type + "\0" + data).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public JsonRecord toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("name", name);
    o.put("type", type);
    o.put("ttl", ttl);
    o.put("data", data);
    return JsonRecord.of(o);
  }

  public static ZoneRecord fromJson(JsonRecord r) {
    ObjectNode o = r.toObjectNode();
    if (!o.path("name").isTextual()
        || !o.path("type").isTextual()
        || !o.path("data").isTextual()) {
      throw new IllegalArgumentException("a zone record needs name, type and data");
    }
    return new ZoneRecord(
        o.get("name").asText(),
        o.get("type").asText(),
        o.path("ttl").asLong(ZoneData.DEFAULT_TTL),
        o.get("data").asText());
  }

  @Override
  public String toString() {
    return name + " " + ttl + " IN " + type + " " + data;
  }
}
