package dev.alicloud.ipam.cloud;

import java.time.Duration;
import java.util.Objects;

/**
 * One API rate limit as Alibaba Cloud publishes it ("300/60(s)": at most {@code calls} calls in any {@code period}),
 * counted per account, region and API. The operator keeps itself under it instead of provoking {@code Throttling}.
 *
 * @param calls calls allowed per period; 0 means no limit
 * @param period the window the calls are counted in
 */
public record ApiQuota(int calls, Duration period) {

  /** No limit at all. */
  public static final ApiQuota UNLIMITED = new ApiQuota(0, Duration.ofSeconds(1));

  public ApiQuota {
    Objects.requireNonNull(period, "period");
    if (calls < 0) {
      throw new IllegalArgumentException("calls must not be negative: " + calls);
    }
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
  }

  /** {@code calls} per {@code seconds} seconds. */
  public static ApiQuota of(int calls, long seconds) {
    return new ApiQuota(calls, Duration.ofSeconds(seconds));
  }

  public boolean isUnlimited() {
    return calls == 0;
  }

  /** Calls per second, for reports. */
  public double perSecond() {
    return isUnlimited() ? Double.POSITIVE_INFINITY : calls * 1e9 / period.toNanos();
  }

  /** In the published form, e.g. {@code 300/60s}. */
  @Override
  public String toString() {
    return isUnlimited() ? "unlimited" : calls + "/" + period.toSeconds() + "s";
  }
}
