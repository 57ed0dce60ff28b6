package dev.alicloud.ipam.cloud;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the VpcIpam API lives and how long to wait for it. By default {@code https://vpcipam.<region>.aliyuncs.com};
 * an override (a VPC endpoint, a proxy, a test server such as {@code http://127.0.0.1:8443}, or a bare host, which
 * means HTTPS) is used for every region.
 */
public record CloudEndpoint(String override, Duration connectTimeout, Duration readTimeout) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);
  private static final Pattern REGION = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
  private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9._\\-]+(:[0-9]{1,5})?$|^\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?$");

  /**
   * Normalises the override to {@code http://host[:port]} or {@code https://host[:port]} (null or blank: no
   * override) and fills missing timeouts with the defaults.
   */
  public CloudEndpoint {
    override = normalise(override);
    connectTimeout = positiveOr(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
    readTimeout = positiveOr(readTimeout, DEFAULT_READ_TIMEOUT, "readTimeout");
  }

  /** The public regional endpoints over HTTPS, default timeouts. */
  public static CloudEndpoint defaults() {
    return new CloudEndpoint(null, null, null);
  }

  /** An override such as {@code http://127.0.0.1:8443} or {@code vpcipam-vpc.cn-hangzhou.aliyuncs.com}; blank = defaults. */
  public static CloudEndpoint of(String urlOrHost) {
    return new CloudEndpoint(urlOrHost, null, null);
  }

  /** The same endpoint with other timeouts (null keeps the default). */
  public CloudEndpoint withTimeouts(Duration connect, Duration read) {
    return new CloudEndpoint(override, connect, read);
  }

  /** True when an override replaces the regional endpoints. */
  public boolean isOverridden() {
    return override != null;
  }

  /** Host (and port) to call for a region, e.g. {@code vpcipam.cn-hangzhou.aliyuncs.com} or {@code 127.0.0.1:8443}. */
  public String hostFor(String regionId) {
    if (override != null) {
      return override.substring(override.indexOf("://") + 3);
    }
    return "vpcipam." + checkRegion(regionId) + ".aliyuncs.com";
  }

  /** {@code HTTP} or {@code HTTPS}: HTTP only when the override says so. */
  public String protocolFor(String regionId) {
    return override != null && override.startsWith("http://") ? "HTTP" : "HTTPS";
  }

  /** Validates a region ID before it becomes part of a host name. */
  static String checkRegion(String regionId) {
    if (regionId == null || !REGION.matcher(regionId).matches()) {
      throw new IllegalArgumentException("invalid region ID: " + regionId);
    }
    return regionId;
  }

  private static String normalise(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    String lower = v.toLowerCase(Locale.ROOT);
    String scheme = "https";
    if (lower.startsWith("http://")) {
      scheme = "http";
      v = v.substring(7);
    } else if (lower.startsWith("https://")) {
      v = v.substring(8);
    } else if (lower.contains("://")) {
      throw new IllegalArgumentException("endpoint must use http or https: " + value);
    }
    while (v.endsWith("/")) {
      v = v.substring(0, v.length() - 1);
    }
    if (!HOST.matcher(v).matches()) {
      throw new IllegalArgumentException("endpoint must be [http[s]://]host[:port] without a path: " + value);
    }
    return scheme + "://" + v.toLowerCase(Locale.ROOT);
  }

  private static Duration positiveOr(Duration d, Duration fallback, String name) {
    if (d == null) {
      return fallback;
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    return d;
  }
}
