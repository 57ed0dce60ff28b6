package dev.alicloud.ipam.cloud;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rate limit of each VpcIpam API the operator calls. The defaults are the published ones (VpcIpam 2023-02-28 flow
 * control page: 300/60 s for Create, Delete, Update and Get of allocations and GetIpamPoolNextAvailableCidr, 800/60 s
 * for the three Lists); an operator whose account has raised quotas in Quota Center overrides them, per action or
 * for all at once.
 */
public final class ApiQuotas {

  /** The published limits, per account, region and API. */
  public static final ApiQuotas PUBLISHED = new ApiQuotas(published(), ApiQuota.of(300, 60));

  /** No limit on any action. */
  public static final ApiQuotas UNLIMITED = new ApiQuotas(Map.of(), ApiQuota.UNLIMITED);

  private static final Pattern ENTRY = Pattern.compile(
      "(?:(?<action>[A-Za-z]+)=)?(?<calls>\\d{1,9})(?:/(?<period>\\d{1,6})(?<unit>s|m)?)?");

  private final Map<String, ApiQuota> byAction;
  private final ApiQuota otherwise;

  private ApiQuotas(Map<String, ApiQuota> byAction, ApiQuota otherwise) {
    this.byAction = Collections.unmodifiableMap(new LinkedHashMap<>(byAction));
    this.otherwise = Objects.requireNonNull(otherwise, "otherwise");
  }

  private static Map<String, ApiQuota> published() {
    Map<String, ApiQuota> m = new LinkedHashMap<>();
    for (String action : new String[] {VpcIpamRequests.CREATE, VpcIpamRequests.DELETE, VpcIpamRequests.UPDATE,
        VpcIpamRequests.GET, "GetIpamPoolNextAvailableCidr"}) {
      m.put(action, ApiQuota.of(300, 60));
    }
    for (String action : new String[] {VpcIpamRequests.LIST, VpcIpamRequests.LIST_POOLS,
        VpcIpamRequests.LIST_POOL_CIDRS}) {
      m.put(action, ApiQuota.of(800, 60));
    }
    return m;
  }

  /** Every action at the same limit (tests, the benchmark's fast quota). */
  public static ApiQuotas uniform(ApiQuota quota) {
    return new ApiQuotas(Map.of(), quota);
  }

  /** The limit of one action. */
  public ApiQuota forAction(String action) {
    return byAction.getOrDefault(action, otherwise);
  }

  /**
   * These limits with overrides applied: a comma-separated list of {@code [Action=]calls[/period]}, e.g.
   * {@code CreateIpamPoolAllocation=600/60s,ListIpamPoolAllocations=1600/60s}. Without an action an entry sets every
   * action; without a period it counts per second ({@code 5} = {@code 5/1s}); a period takes {@code s} (default) or
   * {@code m}; {@code 0} means no limit. Blank: no change.
   *
   * @throws IllegalArgumentException naming the entry that cannot be read
   */
  public ApiQuotas with(String overrides) {
    if (overrides == null || overrides.isBlank()) {
      return this;
    }
    Map<String, ApiQuota> actions = new LinkedHashMap<>(byAction);
    ApiQuota fallback = otherwise;
    for (String raw : overrides.split(",")) {
      String entry = raw.strip();
      Matcher m = ENTRY.matcher(entry);
      if (!m.matches()) {
        throw new IllegalArgumentException("cannot read the rate limit \"" + entry + "\": expected [Action=]calls"
            + "[/period], e.g. CreateIpamPoolAllocation=300/60s, or 0 for no limit");
      }
      long periodSeconds = m.group("period") == null ? 1
          : Long.parseLong(m.group("period")) * ("m".equals(m.group("unit")) ? 60 : 1);
      if (periodSeconds == 0) {
        throw new IllegalArgumentException("the rate limit \"" + entry + "\" has a period of 0");
      }
      ApiQuota quota = new ApiQuota(Integer.parseInt(m.group("calls")), Duration.ofSeconds(periodSeconds));
      if (m.group("action") == null) {
        actions.clear();
        fallback = quota;
      } else {
        actions.put(m.group("action"), quota);
      }
    }
    return new ApiQuotas(actions, fallback);
  }

  /** Every explicit action's limit, then the rest, e.g. {@code CreateIpamPoolAllocation=300/60s,...,*=300/60s}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    byAction.forEach((action, quota) -> sb.append(action).append('=').append(quota).append(','));
    return sb.append("*=").append(otherwise).toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApiQuotas q && byAction.equals(q.byAction) && otherwise.equals(q.otherwise);
  }

  @Override
  public int hashCode() {
    return Objects.hash(byAction, otherwise);
  }
}
