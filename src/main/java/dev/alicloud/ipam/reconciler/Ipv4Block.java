package dev.alicloud.ipam.reconciler;

/** An IPv4 CIDR as numbers, for the checks the schema cannot express: host bits, and one block inside another. */
record Ipv4Block(long address, int prefix) {

  /** The block, or null when {@code cidr} is not a dotted quad with a /0-32 prefix. */
  static Ipv4Block parse(String cidr) {
    try {
      String[] parts = cidr.strip().split("/");
      String[] octets = parts[0].split("\\.");
      int prefix = Integer.parseInt(parts[1]);
      if (parts.length != 2 || octets.length != 4 || prefix < 0 || prefix > 32) {
        return null;
      }
      long address = 0;
      for (String octet : octets) {
        int value = Integer.parseInt(octet);
        if (value < 0 || value > 255) {
          return null;
        }
        address = (address << 8) | value;
      }
      return new Ipv4Block(address, prefix);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private long networkMask() {
    return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }

  /** The block with its host bits cleared. */
  Ipv4Block network() {
    return new Ipv4Block(address & networkMask(), prefix);
  }

  boolean hasHostBits() {
    return (address & ~networkMask() & 0xFFFFFFFFL) != 0;
  }

  boolean contains(Ipv4Block inner) {
    return inner.prefix >= prefix && (inner.address & networkMask()) == (address & networkMask());
  }

  @Override
  public String toString() {
    return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "."
        + (address & 255) + "/" + prefix;
  }
}
