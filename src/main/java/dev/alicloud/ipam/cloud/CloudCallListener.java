package dev.alicloud.ipam.cloud;

/**
 * Hears about every VpcIpam call a {@link VpcIpamClient} makes, so that metrics (and the benchmark) can count calls
 * by action and result without the client knowing about either.
 */
@FunctionalInterface
public interface CloudCallListener {

  /** The result of a call that got an answer and succeeded. */
  String OK = "OK";

  /** Hears nothing. */
  CloudCallListener NONE = (action, regionId, result, nanos) -> {
  };

  /**
   * One finished call.
   *
   * @param action e.g. {@code CreateIpamPoolAllocation}
   * @param regionId the region it was made in
   * @param result {@link #OK}, or the error code ({@code Throttling.User}, {@code TransportError}, {@code DryRunOperation} ...)
   * @param nanos how long it took
   */
  void onCall(String action, String regionId, String result, long nanos);
}
