package org.nymote.signpost.zone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.nymote.store.types.JsonRecord;

/**
 * What one device publishes in the zone: its host label (the device's name as a DNS label), its
 * addresses, the services it listens on ({@code imaps} to port 1993 ...), and the public part of
 * its zone signing key (the DNSKEY key field, base64; empty if it has none). Each device writes
 * only its own entry, at {@link ZonePaths#device}.
 */
public record DeviceEntry(
    String label, List<String> addresses, Map<String, Integer> services, String dnskey) {
  public DeviceEntry {
    if (!isLabel(label)) {
      throw new IllegalArgumentException("not a DNS label: " + label);
    }
    for (String a : addresses) {
      if (!isAddressLiteral(a)) {
        throw new IllegalArgumentException("not an IP address: " + a);
      }
    }
    addresses = List.copyOf(addresses);
    services = Map.copyOf(new TreeMap<>(services));
  }

  /** A device name made into a DNS label: lower case letters, digits and hyphens, 1-63 long. */
  public static String labelOf(String deviceName) {
    String s = deviceName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
    s = s.replaceAll("^-+|-+$", "");
    if (s.length() > 63) {
      s = s.substring(0, 63).replaceAll("-+$", "");
    }
    return s.isEmpty() ? "device" : s;
  }

  static boolean isLabel(String s) {
    return s != null && s.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  }

  /** Whether {@code s} is an IPv4 or IPv6 literal (never a host name to look up). */
  public static boolean isAddressLiteral(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = s.contains(":") && s.matches("[0-9a-fA-F:.]+");
    if (!v4 && !v6) {
      return false;
    }
    try {
      InetAddress.getByName(s);
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  public JsonRecord toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("label", label);
    var a = o.putArray("addresses");
    addresses.forEach(a::add);
    ObjectNode s = o.putObject("services");
    new TreeMap<>(services).forEach(s::put);
    o.put("dnskey", dnskey);
    return JsonRecord.of(o);
  }

  /** Reads an entry back, or null if it is not one. */
  static DeviceEntry fromJsonOrNull(JsonRecord r) {
    try {
      return fromJson(r);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Reads an entry back; throws {@link IllegalArgumentException} if it is not one. */
  public static DeviceEntry fromJson(JsonRecord r) {
    ObjectNode o = r.toObjectNode();
    List<String> addresses = new ArrayList<>();
    for (JsonNode n : o.path("addresses")) {
      addresses.add(n.asText());
    }
    Map<String, Integer> services = new TreeMap<>();
    o.path("services").properties().forEach(e -> {
      int port = e.getValue().asInt(-1);
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("bad port for " + e.getKey());
      }
      services.put(e.getKey(), port);
    });
    return new DeviceEntry(
        o.path("label").asText(), addresses, services, o.path("dnskey").asText(""));
  }
}
