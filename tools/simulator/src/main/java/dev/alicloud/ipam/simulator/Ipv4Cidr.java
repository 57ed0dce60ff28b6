package dev.alicloud.ipam.simulator;

import java.util.Objects;
import java.util.Optional;

/**
 * An IPv4 CIDR block as a value: the arithmetic the simulator needs (containment, overlap, alignment) in one place,
 * so that pools and allocations never compare CIDR strings.
 *
 * <p>{@link #parse(String)} is strict: it only accepts the canonical form {@code a.b.c.d/n} (decimal octets without
 * leading zeros, prefix 0..32, host bits zero), which is what the cloud expects for {@code Cidr}.
 */
public final class Ipv4Cidr implements Comparable<Ipv4Cidr> {

  private static final long MAX_ADDRESS = 0xFFFF_FFFFL;

  private final long base;
  private final int prefix;

  private Ipv4Cidr(long base, int prefix) {
    this.base = base;
    this.prefix = prefix;
  }

  /**
   * Builds a block from its first address and prefix length.
   *
   * @throws IllegalArgumentException when the address is out of range, the prefix is not 0..32 or host bits are set
   */
  public static Ipv4Cidr of(long base, int prefix) {
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("prefix length must be 0..32: " + prefix);
    }
    if (base < 0 || base > MAX_ADDRESS) {
      throw new IllegalArgumentException("address out of range: " + base);
    }
    if ((base & hostMask(prefix)) != 0) {
      throw new IllegalArgumentException("host bits set: " + formatAddress(base) + "/" + prefix);
    }
    return new Ipv4Cidr(base, prefix);
  }

  /**
   * Parses a canonical IPv4 CIDR.
   *
   * @throws IllegalArgumentException with a readable reason when the text is not a canonical IPv4 CIDR
   */
  public static Ipv4Cidr parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("CIDR is null");
    }
    int slash = text.indexOf('/');
    if (slash < 0 || slash != text.lastIndexOf('/')) {
      throw new IllegalArgumentException("not a CIDR (expected a.b.c.d/n): " + text);
    }
    long address = parseAddress(text.substring(0, slash), text);
    int prefix = parseDecimal(text.substring(slash + 1), 32, text);
    return of(address, prefix);
  }

  /** Like {@link #parse(String)} but empty instead of an exception. */
  public static Optional<Ipv4Cidr> tryParse(String text) {
    try {
      return Optional.of(parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static long parseAddress(String address, String whole) {
    String[] octets = address.split("\\.", -1);
    if (octets.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + whole);
    }
    long value = 0;
    for (String octet : octets) {
      value = (value << 8) | parseDecimal(octet, 255, whole);
    }
    return value;
  }

  private static int parseDecimal(String digits, int max, String whole) {
    if (digits.isEmpty() || digits.length() > 3 || (digits.length() > 1 && digits.charAt(0) == '0')) {
      throw new IllegalArgumentException("not canonical: " + whole);
    }
    int value = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("not canonical: " + whole);
      }
      value = value * 10 + (c - '0');
    }
    if (value > max) {
      throw new IllegalArgumentException("value out of range in " + whole);
    }
    return value;
  }

  private static long hostMask(int prefix) {
    return prefix == 0 ? MAX_ADDRESS : (1L << (32 - prefix)) - 1;
  }

  static String formatAddress(long address) {
    return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "."
        + (address & 0xFF);
  }

  /** First address as an unsigned 32-bit value. */
  public long first() {
    return base;
  }

  /** Last address as an unsigned 32-bit value. */
  public long last() {
    return base + size() - 1;
  }

  /** Number of addresses in the block. */
  public long size() {
    return 1L << (32 - prefix);
  }

  /** Prefix length (the "mask" in Alibaba's parameter names). */
  public int prefix() {
    return prefix;
  }

  /** True when every address of {@code other} is inside this block. */
  public boolean contains(Ipv4Cidr other) {
    return other.base >= base && other.last() <= last();
  }

  /** True when the two blocks share at least one address. */
  public boolean overlaps(Ipv4Cidr other) {
    return base <= other.last() && other.base <= last();
  }

  @Override
  public int compareTo(Ipv4Cidr o) {
    int c = Long.compare(base, o.base);
    return c != 0 ? c : Integer.compare(prefix, o.prefix);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ipv4Cidr other && other.base == base && other.prefix == prefix;
  }

  @Override
  public int hashCode() {
    return Objects.hash(base, prefix);
  }

  /** The canonical text form, e.g. {@code 10.0.0.0/24}. */
  @Override
  public String toString() {
    return formatAddress(base) + "/" + prefix;
  }
}
