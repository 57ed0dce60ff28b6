package dev.alicloud.ipam.simulator.world;

import java.util.List;

/**
 * The cloud the sandbox starts with, and that the manifests in {@code examples/} refer to: one region, one pool
 * provisioned with {@code 10.0.0.0/8}, a VPC that already holds a block, and a block someone reserved by hand
 * before the operator arrived (the one to adopt). The access keys are the simulator's own, worthless elsewhere.
 */
public final class SandboxWorld {

  public static final String REGION = "cn-hangzhou";
  public static final String POOL = "ipam-pool-sandbox0001";
  public static final String POOL_CIDR = "10.0.0.0/8";
  public static final int MIN_MASK = 16;
  public static final int MAX_MASK = 28;
  /** A VPC's block: the cloud refuses to release it through the IPAM API (ResourceTypeIsNotCustom). */
  public static final String VPC_ALLOCATION = "ipam-pool-alloc-sandboxvpc0001";
  public static final String VPC_CIDR = "10.0.0.0/16";
  public static final String VPC_ID = "vpc-bp1sandbox0001";
  /** A custom block reserved by hand before the operator was installed: {@code examples/} adopts it. */
  public static final String LEGACY_ALLOCATION = "ipam-alloc-sandboxlegacy0001";
  public static final String LEGACY_CIDR = "10.1.0.0/16";
  /** The operator's own identity in the sandbox (its "default credentials chain"). */
  public static final String OPERATOR_KEY_ID = "LTAI5tSandboxOperator";
  public static final String OPERATOR_KEY_SECRET = "sandbox-operator-secret-not-a-real-key";
  /** The key of {@code examples/credentials-secret.yaml}: a team's own RAM user. */
  public static final String TEAM_KEY_ID = "LTAI5tSandboxTeamKey";
  public static final String TEAM_KEY_SECRET = "sandbox-team-secret-not-a-real-key";

  private SandboxWorld() {
  }

  /** Where the world gets written: the embedded simulator's state, or another simulator's admin API. */
  public interface Seeder {
    void addAccessKey(String accessKeyId, String accessKeySecret);

    void addPool(String poolId, String regionId, List<String> cidrs, int minMask, int maxMask);

    void addAllocation(String poolId, String cidr, String resourceType, String resourceId, String allocationId);
  }

  /** Writes the world; call once on an empty simulator. */
  public static void seed(Seeder seeder) {
    seeder.addAccessKey(OPERATOR_KEY_ID, OPERATOR_KEY_SECRET);
    seeder.addAccessKey(TEAM_KEY_ID, TEAM_KEY_SECRET);
    seeder.addPool(POOL, REGION, List.of(POOL_CIDR), MIN_MASK, MAX_MASK);
    seeder.addAllocation(POOL, VPC_CIDR, "VPC", VPC_ID, VPC_ALLOCATION);
    seeder.addAllocation(POOL, LEGACY_CIDR, "Custom", "", LEGACY_ALLOCATION);
  }

  /** One line for banners: what the pool looks like. */
  public static String describePool() {
    return POOL + " in " + REGION + ": " + POOL_CIDR + ", masks /" + MIN_MASK + " to /" + MAX_MASK
        + "; " + VPC_CIDR + " held by " + VPC_ID + " (" + VPC_ALLOCATION + "), " + LEGACY_CIDR
        + " reserved by hand (" + LEGACY_ALLOCATION + ")";
  }
}
