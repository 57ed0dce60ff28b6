package dev.alicloud.ipam.simulator;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Starts a simulator with one key and one pool ({@value #POOL}: 10.0.0.0/16, masks 16..28) around each test. */
abstract class SimulatorFixture {

  static final String REGION = "cn-hangzhou";
  static final String POOL = "ipam-pool-aaaaaaaaaaaaaaaaaaaa";
  static final String AK = "LTAI5tSimulatorTestKey";
  static final String SECRET = "s3cr3t-Simulator+Key/=";

  protected VpcIpamSimulator sim;
  protected TeaTestClient client;

  /** Override to change the configuration. */
  SimulatorConfig config() {
    return SimulatorConfig.defaults();
  }

  @BeforeEach
  void startSimulator() throws Exception {
    sim = VpcIpamSimulator.start(config());
    sim.state().addAccessKey(AK, SECRET);
    sim.state().addPool(POOL, REGION, List.of("10.0.0.0/16"), 16, 28);
    client = new TeaTestClient(sim, AK, SECRET);
  }

  @AfterEach
  void stopSimulator() {
    if (sim != null) {
      sim.close();
    }
  }
}
