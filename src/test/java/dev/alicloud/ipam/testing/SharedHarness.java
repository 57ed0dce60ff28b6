package dev.alicloud.ipam.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of mock-tier test classes whose tests share one API server, simulator and running operator. */
public abstract class SharedHarness {

  protected static OperatorHarness harness;

  @BeforeAll
  static void startSharedHarness() {
    harness = OperatorHarness.create().startOperator();
  }

  @AfterAll
  static void stopSharedHarness() {
    harness.close();
  }
}
