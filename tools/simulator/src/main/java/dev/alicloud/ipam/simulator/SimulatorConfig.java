package dev.alicloud.ipam.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Start-up settings of a {@link VpcIpamSimulator}. Immutable; change a copy with the {@code with*} methods.
 *
 * @param host address to bind; {@code 127.0.0.1} by default (the admin API needs no signature, so keep it local)
 * @param port port to bind, 0 for an ephemeral one
 * @param clientTokenTtl how long a {@code ClientToken} is remembered (default 24 h; zero = never remembered)
 * @param randomSeed seed of the random sources (ids, fault dice) so runs are reproducible
 * @param deletedRetention how long a released allocation stays visible with {@code Status=Deleted}; zero (default)
 *     forgets it immediately, so reads answer {@code ResourceNotFound.IpamPoolAllocation}
 * @param maxClockSkew allowed distance between {@code x-acs-date} and the simulator clock (default 15 min)
 * @param clock the simulator's clock (token TTLs, retention, timestamps, skew checks)
 * @param zone zone used to render {@code CreationTime} (default Asia/Shanghai, i.e. {@code +08:00})
 * @param accountId the simulated account, reported as {@code ResourceOwnerId}
 * @param threads request worker threads
 * @param adminEnabled whether the unsigned {@code /_admin/} API is served
 */
public record SimulatorConfig(String host, int port, Duration clientTokenTtl, long randomSeed,
    Duration deletedRetention, Duration maxClockSkew, Clock clock, ZoneId zone, long accountId, int threads,
    boolean adminEnabled) {

  /** Validates the settings. */
  public SimulatorConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(clientTokenTtl, "clientTokenTtl");
    Objects.requireNonNull(deletedRetention, "deletedRetention");
    Objects.requireNonNull(maxClockSkew, "maxClockSkew");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(zone, "zone");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535");
    }
    if (clientTokenTtl.isNegative() || deletedRetention.isNegative() || maxClockSkew.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1");
    }
  }

  /** Local, ephemeral port, 24 h token memory, seed 42, deleted allocations forgotten at once, 15 min skew. */
  public static SimulatorConfig defaults() {
    return new SimulatorConfig("127.0.0.1", 0, Duration.ofHours(24), 42L, Duration.ZERO, Duration.ofMinutes(15),
        Clock.systemUTC(), ZoneId.of("Asia/Shanghai"), 1_234_567_890_123_456L, 16, true);
  }

  public SimulatorConfig withHost(String value) {
    return new SimulatorConfig(value, port, clientTokenTtl, randomSeed, deletedRetention, maxClockSkew, clock, zone,
        accountId, threads, adminEnabled);
  }

  public SimulatorConfig withPort(int value) {
    return new SimulatorConfig(host, value, clientTokenTtl, randomSeed, deletedRetention, maxClockSkew, clock, zone,
        accountId, threads, adminEnabled);
  }

  public SimulatorConfig withClientTokenTtl(Duration value) {
    return new SimulatorConfig(host, port, value, randomSeed, deletedRetention, maxClockSkew, clock, zone,
        accountId, threads, adminEnabled);
  }

  public SimulatorConfig withRandomSeed(long value) {
    return new SimulatorConfig(host, port, clientTokenTtl, value, deletedRetention, maxClockSkew, clock, zone,
        accountId, threads, adminEnabled);
  }

  public SimulatorConfig withDeletedRetention(Duration value) {
    return new SimulatorConfig(host, port, clientTokenTtl, randomSeed, value, maxClockSkew, clock, zone,
        accountId, threads, adminEnabled);
  }

  public SimulatorConfig withMaxClockSkew(Duration value) {
    return new SimulatorConfig(host, port, clientTokenTtl, randomSeed, deletedRetention, value, clock, zone,
        accountId, threads, adminEnabled);
  }

  public SimulatorConfig withClock(Clock value) {
    return new SimulatorConfig(host, port, clientTokenTtl, randomSeed, deletedRetention, maxClockSkew, value, zone,
        accountId, threads, adminEnabled);
  }

  public SimulatorConfig withZone(ZoneId value) {
    return new SimulatorConfig(host, port, clientTokenTtl, randomSeed, deletedRetention, maxClockSkew, clock, value,
        accountId, threads, adminEnabled);
  }

  public SimulatorConfig withAccountId(long value) {
    return new SimulatorConfig(host, port, clientTokenTtl, randomSeed, deletedRetention, maxClockSkew, clock, zone,
        value, threads, adminEnabled);
  }

  public SimulatorConfig withThreads(int value) {
    return new SimulatorConfig(host, port, clientTokenTtl, randomSeed, deletedRetention, maxClockSkew, clock, zone,
        accountId, value, adminEnabled);
  }

  public SimulatorConfig withAdminEnabled(boolean value) {
    return new SimulatorConfig(host, port, clientTokenTtl, randomSeed, deletedRetention, maxClockSkew, clock, zone,
        accountId, threads, value);
  }
}
