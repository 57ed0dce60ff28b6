package dev.alicloud.ipam.testing;

import java.nio.file.Path;

/** Names shared by the test tiers: the cloud world the simulator is seeded with and where the CRD lives. */
public final class Fixtures {
  public static final String NAMESPACE = "default";
  public static final String REGION = "cn-hangzhou";
  public static final String POOL = "ipam-pool-test00000000000001";
  public static final String OTHER_REGION = "cn-beijing";
  public static final String OTHER_REGION_POOL = "ipam-pool-beijing0000000001";
  public static final String ACCESS_KEY_ID = "LTAI5tOperatorTestKey";
  public static final String ACCESS_KEY_SECRET = "operator-test-secret-value";
  public static final String CLUSTER_ID = "test-cluster";
  public static final Path GENERATED_CRD =
      Path.of("target/classes/META-INF/fabric8/ipampoolallocations.ipam.alicloud.dev-v1.yml");
  public static final Path COMMITTED_CRD = Path.of("crds/ipampoolallocations.ipam.alicloud.dev-v1.yml");

  private Fixtures() {
  }
}
