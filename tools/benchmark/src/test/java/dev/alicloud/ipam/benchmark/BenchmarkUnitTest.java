package dev.alicloud.ipam.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alicloud.ipam.benchmark.ScenarioResult.Op;
import dev.alicloud.ipam.cloud.ApiQuotas;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The benchmark's pure logic: percentiles, figures and goals, the table and JSON, the command line. Nothing timed. */
@Tag("unit")
class BenchmarkUnitTest {

  // ---------------------------------------------------------------- percentiles

  @Test
  void percentilesAreNearestRankValuesOfTheSample() {
    List<Integer> oneToHundred = new ArrayList<>(IntStream.rangeClosed(1, 100).boxed().toList());
    Collections.shuffle(oneToHundred, new java.util.Random(7));

    var s = Percentiles.summarize(oneToHundred);

    assertThat(s.count()).isEqualTo(100);
    assertThat(s.min()).isEqualTo(1);
    assertThat(s.p50()).isEqualTo(50);
    assertThat(s.p90()).isEqualTo(90);
    assertThat(s.p99()).isEqualTo(99);
    assertThat(s.max()).isEqualTo(100);
    assertThat(s.mean()).isEqualTo(50.5);
  }

  @Test
  void percentilesOfSmallSamplesNeverInterpolate() {
    double[] sorted = {1.5, 2.5, 10};
    assertThat(Percentiles.percentile(sorted, 50)).isEqualTo(2.5);
    assertThat(Percentiles.percentile(sorted, 99)).isEqualTo(10);
    assertThat(Percentiles.percentile(sorted, 0)).isEqualTo(1.5);
    assertThat(Percentiles.percentile(new double[] {4}, 99)).isEqualTo(4);
    assertThat(Percentiles.summarize(List.of(0.2, 0.1)).p50()).isEqualTo(0.1);
  }

  @Test
  void percentilesRefuseEmptySamplesAndRanksOutOfRange() {
    assertThatThrownBy(() -> Percentiles.summarize(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Percentiles.percentile(new double[] {1}, 101))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Percentiles.percentile(new double[] {1}, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- figures and goals

  @Test
  void goalsAreJudgedOnTheirFigureWithoutFailingTheScenario() {
    ScenarioResult r = new ScenarioResult("lifecycle")
        .figure("create.boundRatio", 0.45)
        .figure("stalledEver", 0L, "resources")
        .figure("label", "text")
        .goal("create.boundRatio", Op.AT_LEAST, 0.9)
        .goal("stalledEver", Op.AT_MOST, 0)
        .goal("label", Op.AT_MOST, 1)
        .goal("never.measured", Op.AT_MOST, 1);

    assertThat(r.met(r.goals().get(0))).contains(false);
    assertThat(r.met(r.goals().get(1))).contains(true);
    assertThat(r.met(r.goals().get(2))).isEmpty();
    assertThat(r.met(r.goals().get(3))).isEmpty();
    assertThat(r.status()).isEqualTo(ScenarioResult.Status.OK);
  }

  @Test
  void theFirstFailureIsKeptAndAFigureKeepsItsFirstPosition() {
    ScenarioResult r = new ScenarioResult("drift").figure("a", 1).figure("b", 2).figure("a", 3);
    r.fail("timeout").fail("later");

    assertThat(r.status()).isEqualTo(ScenarioResult.Status.FAILED);
    assertThat(r.failure()).isEqualTo("timeout");
    assertThat(r.figures().keySet()).containsExactly("a", "b");
    assertThat(r.figure("a").orElseThrow().value()).isEqualTo(3);
  }

  // ---------------------------------------------------------------- rendering

  @Test
  void numbersShowAtMostThreeDecimalsAndIntegersPlain() {
    assertThat(Report.number(2.0)).isEqualTo("2");
    assertThat(Report.number(0.16849)).isEqualTo("0.168");
    assertThat(Report.number(12.3456)).isEqualTo("12.346");
    assertThat(Report.number(1e-4)).isEqualTo("0");
    assertThat(Report.number(1000)).isEqualTo("1000");
    assertThat(Report.number(Double.NaN)).isEqualTo("NaN");
  }

  @Test
  void theTableHasOneRowPerFigureWithItsGoalAndVerdict() {
    String table = Report.table(List.of(sample(), failed()));
    List<String> lines = table.lines().toList();

    assertThat(lines.get(0)).startsWith("SCENARIO").contains("FIGURE", "VALUE", "GOAL", "MET");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("calls").contains("status", "ok"));
    assertThat(lines).anySatisfy(l -> assertThat(l)
        .matches("calls +k8sWritesPerLifecycle +6 writes +<= 4 +no"));
    assertThat(lines).anySatisfy(l -> assertThat(l)
        .matches("calls +cloudCallsPerLifecycle +4 calls +<= 4 +yes"));
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("calls +cloudCallsPerLifecycle.Create/OK +1 calls +- +-"));
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("drift +status +failed: 3 of 10 checked +- +-"));
  }

  @Test
  void goalLinesSayWhetherEachGoalIsMet() {
    assertThat(Report.goalLines(List.of(sample()))).containsExactly(
        "calls k8sWritesPerLifecycle = 6 (goal <= 4): goal met: no",
        "calls cloudCallsPerLifecycle = 4 (goal <= 4): goal met: yes");
  }

  @Test
  void theJsonIsOneLineWithSettingsFiguresGoalsAndAVerdict() throws Exception {
    String json = Report.json(Report.document(Map.of("benchmark", "vpc-ipam-operator"), List.of(sample(), failed())));

    assertThat(json).doesNotContain("\n");
    JsonNode doc = new ObjectMapper().readTree(json);
    assertThat(doc.path("benchmark").asText()).isEqualTo("vpc-ipam-operator");
    assertThat(doc.path("ok").asBoolean()).isFalse();
    JsonNode calls = doc.path("scenarios").get(0);
    assertThat(calls.path("name").asText()).isEqualTo("calls");
    assertThat(calls.path("status").asText()).isEqualTo("ok");
    assertThat(calls.path("figures").path("k8sWritesPerLifecycle").asDouble()).isEqualTo(6);
    assertThat(calls.path("figures").path("ratio").asDouble()).isEqualTo(0.1235);
    assertThat(calls.path("figures").path("cloudCallsPerLifecycle.Create/OK").asLong()).isEqualTo(1);
    JsonNode goal = calls.path("goals").get(0);
    assertThat(goal.path("figure").asText()).isEqualTo("k8sWritesPerLifecycle");
    assertThat(goal.path("op").asText()).isEqualTo("<=");
    assertThat(goal.path("target").asDouble()).isEqualTo(4);
    assertThat(goal.path("actual").asDouble()).isEqualTo(6);
    assertThat(goal.path("met").asBoolean()).isFalse();
    assertThat(calls.path("notes").get(0).asText()).isEqualTo("a note");
    JsonNode drift = doc.path("scenarios").get(1);
    assertThat(drift.path("status").asText()).isEqualTo("failed");
    assertThat(drift.path("reason").asText()).isEqualTo("3 of 10 checked");
    assertThat(drift.path("goals").get(0).path("met").isNull()).isTrue();
  }

  @Test
  void allGoodRunsAreOk() throws Exception {
    JsonNode doc = new ObjectMapper().readTree(Report.json(Report.document(Map.of(), List.of(sample()))));
    assertThat(doc.path("ok").asBoolean()).isTrue();
  }

  private static ScenarioResult sample() {
    return new ScenarioResult("calls")
        .figure("k8sWritesPerLifecycle", 6.0, "writes")
        .goal("k8sWritesPerLifecycle", Op.AT_MOST, 4)
        .figure("cloudCallsPerLifecycle", 4.0, "calls")
        .goal("cloudCallsPerLifecycle", Op.AT_MOST, 4)
        .figure("cloudCallsPerLifecycle.Create/OK", 1L, "calls")
        .figure("ratio", 0.123456)
        .note("a note");
  }

  private static ScenarioResult failed() {
    return new ScenarioResult("drift").goal("periodic.cloudCalls", Op.AT_MOST, 110).fail("3 of 10 checked");
  }

  // ---------------------------------------------------------------- small parsers

  @Test
  void procStatusFieldsAreReadInBytes() {
    String status = "Name:\tjava\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t42\n";
    assertThat(MemoryProbe.parseStatus(status, "VmRSS")).hasValue(102400L * 1024);
    assertThat(MemoryProbe.parseStatus(status, "VmHWM")).hasValue(204800L * 1024);
    assertThat(MemoryProbe.parseStatus(status, "Threads")).hasValue(42);
    assertThat(MemoryProbe.parseStatus(status, "VmSwap")).isEmpty();
  }

  @Test
  void prometheusSamplesAreSummedOverMatchingLabels() {
    String text = """
        # HELP jvm_memory_used_bytes The amount of used memory
        # TYPE jvm_memory_used_bytes gauge
        jvm_memory_used_bytes{app="vpc-ipam-operator",area="heap",id="G1 Eden Space"} 1.0E7
        jvm_memory_used_bytes{app="vpc-ipam-operator",area="heap",id="G1 Old Gen"} 2.5E7
        jvm_memory_used_bytes{app="vpc-ipam-operator",area="nonheap",id="Metaspace"} 5.0E7
        ipam_allocations{app="vpc-ipam-operator",state="ready"} 10000.0
        ipam_allocations_other{state="ready"} 7.0
        """;
    assertThat(OperatorProcess.sum(text, "jvm_memory_used_bytes", "area=\"heap\"")).hasValue(3.5e7);
    assertThat(OperatorProcess.sum(text, "ipam_allocations", "state=\"ready\"")).hasValue(10000);
    assertThat(OperatorProcess.sum(text, "ipam_allocations", "state=\"stalled\"")).isEmpty();
    assertThat(OperatorProcess.sum("", "ipam_allocations")).isEmpty();
  }

  @Test
  void cloudCallsAreCountedByShortActionAndResult() {
    CallTally tally = new CallTally();
    tally.onCall("CreateIpamPoolAllocation", "cn-hangzhou", "OK", 1);
    tally.onCall("DeleteIpamPoolAllocation", "cn-hangzhou", "DryRunOperation", 1);
    tally.onCall("DeleteIpamPoolAllocation", "cn-hangzhou", "Throttling.User", 1);
    tally.onCall("ListIpamPoolAllocations", "cn-hangzhou", "OK", 1);

    Map<String, Long> calls = tally.snapshot();
    assertThat(calls).containsExactly(Map.entry("Create/OK", 1L), Map.entry("Delete/DryRunOperation", 1L),
        Map.entry("Delete/Throttling.User", 1L), Map.entry("List/OK", 1L));
    assertThat(CallTally.sum(calls, "Delete", null)).isEqualTo(2);
    assertThat(CallTally.sum(calls, null, CallTally.THROTTLED)).isEqualTo(1);
    assertThat(tally.total()).isEqualTo(4);
    assertThat(tally.firstCallNanos()).isPositive();
    tally.reset();
    assertThat(tally.total()).isZero();
    assertThat(tally.firstCallNanos()).isZero();
    assertThat(tally.window("Create")).isNull();
  }

  @Test
  void eachActionsWindowRunsFromItsFirstCallSentToItsLastAnswer() throws InterruptedException {
    long ms = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(1);
    CallTally tally = new CallTally();
    long before = System.nanoTime();
    tally.onCall("CreateIpamPoolAllocation", "cn-hangzhou", "OK", 0);
    Thread.sleep(5);
    tally.onCall("CreateIpamPoolAllocation", "cn-hangzhou", "OK", 50 * ms); // sent 50 ms ago: before the first
    long after = System.nanoTime();

    CallTally.Window creates = tally.window("Create");
    assertThat(creates.firstSentNanos()).as("the second call was sent before the first").isLessThan(before - 40 * ms);
    assertThat(creates.lastAnsweredNanos()).isGreaterThan(before + 4 * ms).isLessThanOrEqualTo(after);
    assertThat(tally.window("Delete")).as("no Delete was made").isNull();
  }

  @Test
  void seededBlocksAreTheSuccessiveSlash24sOfTenSlash8() {
    assertThat(ReadyPopulation.block(0)).isEqualTo("10.0.0.0/24");
    assertThat(ReadyPopulation.block(1)).isEqualTo("10.0.1.0/24");
    assertThat(ReadyPopulation.block(257)).isEqualTo("10.1.1.0/24");
    assertThat(ReadyPopulation.block(65535)).isEqualTo("10.255.255.0/24");
    assertThatThrownBy(() -> ReadyPopulation.block(65536)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- command line

  private static BenchmarkSettings parse(String... args) {
    CommandLine cl = BenchmarkCommand.commandLine();
    cl.parseArgs(args);
    return ((BenchmarkCommand) cl.getCommand()).settings();
  }

  @Test
  void defaultsAreThePublishedQuotasAndAThousandAllocations() {
    BenchmarkSettings s = parse();

    assertThat(s.allocations()).isEqualTo(1000);
    assertThat(s.cloudLatency()).isEqualTo(Duration.ofMillis(20));
    assertThat(s.quotas()).as("the published limits").isEqualTo(ApiQuotas.PUBLISHED);
    assertThat(s.rate("CreateIpamPoolAllocation")).isEqualTo(5.0);
    assertThat(s.rate("ListIpamPoolAllocations")).isEqualTo(800 / 60.0);
    assertThat(s.timeout()).as("twice the 200 s the Create quota needs for 1000").isEqualTo(Duration.ofSeconds(400));
    assertThat(s.concurrentDeletes()).isEqualTo(100);
    assertThat(s.driftAllocations()).isEqualTo(10_000);
    assertThat(s.driftPools()).isEqualTo(10);
    assertThat(s.memoryAllocations()).isEqualTo(10_000);
    assertThat(s.effectiveDriftInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.floor()).isTrue();
    assertThat(s.scenarios()).containsExactly(Scenario.values());
  }

  @Test
  void optionsBecomeSettings() {
    BenchmarkSettings s = parse("--allocations", "100", "--cloud-latency", "0", "--quota", "12",
        "--concurrent-deletes", "7", "--drift-allocations", "1000", "--drift-pools", "4", "--memory-allocations",
        "500", "--calls-allocations", "3", "--warmup", "0", "--timeout", "2m", "--no-floor",
        "--scenarios", "drift, Lifecycle,calls");

    assertThat(s.allocations()).isEqualTo(100);
    assertThat(s.cloudLatency()).isZero();
    assertThat(s.rate("DeleteIpamPoolAllocation")).isEqualTo(12.0);
    assertThat(s.boundSeconds(Map.of("Create/OK", 24L, "List/OK", 6L))).as("the slowest action's").isEqualTo(2.0);
    assertThat(s.concurrentDeletes()).isEqualTo(7);
    assertThat(s.driftAllocations()).isEqualTo(1000);
    assertThat(s.driftPools()).isEqualTo(4);
    assertThat(s.memoryAllocations()).isEqualTo(500);
    assertThat(s.callsAllocations()).isEqualTo(3);
    assertThat(s.warmup()).isZero();
    assertThat(s.timeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.floor()).isFalse();
    assertThat(s.effectiveDriftInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.scenarios()).containsExactly(Scenario.LIFECYCLE, Scenario.CALLS, Scenario.DRIFT);
    assertThat(s.describe()).containsEntry("cloudLatencyMs", 0L).containsEntry("driftIntervalSeconds", 10.0)
        .containsEntry("scenarios", List.of("lifecycle", "calls", "drift"));
    assertThat(parse("--drift-interval", "45s").effectiveDriftInterval())
        .isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void scenarioListsAreCaseAndSpaceInsensitiveAndRunInFixedOrder() {
    assertThat(Scenario.parseList(" memory ,STARTUP,memory")).containsExactly(Scenario.STARTUP, Scenario.MEMORY);
    assertThat(Scenario.parseList("all")).containsExactly(Scenario.values());
    assertThatThrownBy(() -> Scenario.parseList("lifecycle,speed"))
        .hasMessage("unknown scenario 'speed'; valid: startup,lifecycle,delete-latency,calls,drift,memory");
    assertThatThrownBy(() -> Scenario.parseList(" , ")).hasMessageContaining("no scenario chosen");
  }

  @Test
  void badCommandLinesExitWithTwoAndSayWhy() {
    assertThat(execute("--scenarios", "speed")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown scenario 'speed'");
    assertThat(execute("--quota", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("the quota of CreateIpamPoolAllocation must be a limit");
    assertThat(execute("--quota", "Create=lots")).isEqualTo(2);
    assertThat(err.toString()).contains("cannot read the rate limit \"Create=lots\"");
    assertThat(execute("--drift-pools", "20", "--drift-allocations", "10")).isEqualTo(2);
    assertThat(execute("--cloud-latency", "soon")).isEqualTo(2);
  }

  @Test
  void helpDocumentsEveryOption() {
    assertThat(execute("--help")).isZero();
    assertThat(out.toString()).contains("--allocations", "--cloud-latency", "--quota", "--concurrent-deletes",
        "--drift-allocations", "--drift-pools", "--drift-interval", "--memory-allocations", "--calls-allocations",
        "--json-out", "--scenarios", "--timeout", "--warmup", "--[no-]floor", "default: 1000",
        "default: 20ms", "default: 10000");
    assertThat(out.toString()).contains("vpc-ipam-benchmark");
  }

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine cl = BenchmarkCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }
}
