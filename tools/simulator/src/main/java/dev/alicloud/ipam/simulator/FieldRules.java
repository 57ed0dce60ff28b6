package dev.alicloud.ipam.simulator;

/**
 * The documented format rules for allocation fields, with their error codes:
 * {@code IpamPoolAllocationName} 1–128 characters, not starting with {@code http://} or {@code https://}
 * ({@code IllegalParam.IpamPoolAllocationName}); {@code IpamPoolAllocationDescription} 1–256 characters, starting
 * with a letter or a Chinese character, not starting with {@code http://} or {@code https://}
 * ({@code IllegalParam.IpamPoolAllocationDescription}); {@code Cidr} a canonical IPv4 CIDR ({@code IllegalParam.Cidr}).
 */
final class FieldRules {

  private FieldRules() {
  }

  static void checkName(String name) {
    if (name == null) {
      return;
    }
    int length = name.codePointCount(0, name.length());
    if (length < 1 || length > 128 || startsWithUrl(name)) {
      throw ApiException.badRequest("IllegalParam.IpamPoolAllocationName",
          "The IpamPoolAllocationName must be 1 to 128 characters long and cannot start with http:// or https://.");
    }
  }

  static void checkDescription(String description) {
    if (description == null) {
      return;
    }
    int length = description.codePointCount(0, description.length());
    if (length < 1 || length > 256 || startsWithUrl(description) || !startsWithLetterOrHan(description)) {
      throw ApiException.badRequest("IllegalParam.IpamPoolAllocationDescription",
          "The IpamPoolAllocationDescription must be 1 to 256 characters long, start with a letter or a Chinese "
              + "character and cannot start with http:// or https://.");
    }
  }

  static Ipv4Cidr parseCidr(String cidr) {
    try {
      return Ipv4Cidr.parse(cidr);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("IllegalParam.Cidr", "The Cidr is not a valid IPv4 CIDR block: " + cidr);
    }
  }

  private static boolean startsWithUrl(String s) {
    return s.startsWith("http://") || s.startsWith("https://");
  }

  private static boolean startsWithLetterOrHan(String s) {
    int cp = s.codePointAt(0);
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')
        || Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
  }
}
