package dev.alicloud.ipam.benchmark;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import dev.alicloud.ipam.cloud.ApiQuotas;
import dev.alicloud.ipam.VersionProvider;
import dev.alicloud.ipam.config.DurationConverter;
import dev.alicloud.ipam.config.LoggingSetup;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code benchmark}: the real operator, in-process, against the embedded Kubernetes API and the VpcIpam simulator
 * over real HTTP, through the scenarios of issue 6. It prints a table and, as the last line of stdout, one JSON object;
 * progress goes to stderr. Exit code 0 when every scenario ran to its end (goals met or not), 1 when one failed
 * outright (a resource stuck, a timeout), 2 for a bad command line.
 */
@Command(name = "vpc-ipam-benchmark", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = VersionProvider.class,
    description = {"Measure the operator: the real operator in-process against the embedded Kubernetes API and the "
        + "VpcIpam simulator (real HTTP, injected latency and per-action quotas).",
        "Prints a table, then one JSON object as the last line of stdout. Exit code 0 when every scenario ran "
            + "(goals are reported, not enforced), 1 when one failed outright (stuck resources, timeouts).",
        "Scenarios: " + "startup, lifecycle, delete-latency, calls, drift, memory (see docs/benchmarks.md)."})
public final class BenchmarkCommand implements Callable<Integer> {

  /** Exit codes: 0 every scenario ran, 1 one failed outright, 2 bad command line. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line, for tests that run the benchmark in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new BenchmarkCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Spec
  CommandSpec spec;

  @Option(names = "--allocations", paramLabel = "N", defaultValue = "1000",
      description = "lifecycle: resources created at once, then deleted at once (default: ${DEFAULT-VALUE}).")
  int allocations;

  @Option(names = "--floor", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "lifecycle, delete-latency: run them a second time without quota or latency, to show what this "
          + "machine and the embedded API allow at all (default: ${DEFAULT-VALUE}).")
  boolean floor;

  @Option(names = "--cloud-latency", paramLabel = "DURATION", defaultValue = "20ms",
      converter = LatencyConverter.class,
      description = "Delay the simulator adds to every cloud call, e.g. 20ms, 0 (default: ${DEFAULT-VALUE}).")
  Duration cloudLatency;

  @Option(names = "--quota", paramLabel = "published|[ACTION=]CALLS[/PERIOD],...", defaultValue = "published",
      converter = QuotaConverter.class,
      description = "lifecycle, delete-latency: the API rate limits the simulator keeps (per access key, region and "
          + "action, over a sliding window; more answer Throttling.User) and the operator is configured with. "
          + "published: 300/60s for Create, Delete, Update and Get, 800/60s for the Lists; else overrides in the form "
          + "of --cloud-rate-limit, e.g. 50 (every action 50 per second) (default: ${DEFAULT-VALUE}).")
  ApiQuotas quota;

  @Option(names = "--concurrent-deletes", paramLabel = "N", defaultValue = "100",
      description = "delete-latency: Ready resources deleted all at once (default: ${DEFAULT-VALUE}).")
  int concurrentDeletes;

  @Option(names = "--drift-allocations", paramLabel = "N", defaultValue = "10000",
      description = "drift: Ready resources (and their allocations) checked by one drift round "
          + "(default: ${DEFAULT-VALUE}).")
  int driftAllocations;

  @Option(names = "--drift-pools", paramLabel = "N", defaultValue = "10",
      description = "drift, memory: pools the resources are spread over (default: ${DEFAULT-VALUE}).")
  int driftPools;

  @Option(names = "--drift-interval", paramLabel = "DURATION", defaultValue = "auto",
      converter = AutoDurationConverter.class,
      description = "drift: the operator's drift interval; the scenario waits for one periodic round. auto: 3 ms "
          + "per drift allocation, at least 10s (30s for 10000) (default: ${DEFAULT-VALUE}).")
  Duration driftInterval;

  @Option(names = "--memory-allocations", paramLabel = "N", defaultValue = "10000",
      description = "memory: Ready resources in the operator's informer cache (default: ${DEFAULT-VALUE}).")
  int memoryAllocations;

  @Option(names = "--calls-allocations", paramLabel = "N", defaultValue = "20",
      description = "calls: lifecycles (create, Ready, delete, gone) run without quota to count Kubernetes writes "
          + "and cloud calls per lifecycle (default: ${DEFAULT-VALUE}).")
  int callsAllocations;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "200",
      description = "Lifecycles run without quota and not measured after startup and before the other scenarios, so "
          + "that JIT compilation (about a core for the first half minute) does not slow the first one; 0: none "
          + "(default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--scenarios", paramLabel = "LIST", defaultValue = "all",
      description = "Comma-separated subset of: startup, lifecycle, delete-latency, calls, drift, memory; or all "
          + "(default: ${DEFAULT-VALUE}). They run in that order.")
  String scenarios;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "auto", converter = AutoDurationConverter.class,
      description = "How long each wait (all Ready, all gone, all checked) may take before its scenario fails; "
          + "auto: twice what the Create quota needs for --allocations, at least 180s (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--json-out", paramLabel = "FILE",
      description = "Also write the JSON report to this file.")
  Path jsonOut;

  @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "ERROR",
      description = "Level of the operator's own logs, written to stderr (default: ${DEFAULT-VALUE}).")
  String logLevel;

  /** Accepts {@code 0} besides what {@link DurationConverter} reads. */
  static final class LatencyConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim();
      return v.matches("0+(ms|s)?") ? Duration.ZERO : new DurationConverter().convert(v);
    }
  }

  /** {@code published} or overrides of the published limits. */
  static final class QuotaConverter implements ITypeConverter<ApiQuotas> {
    @Override
    public ApiQuotas convert(String value) {
      try {
        return value.trim().equalsIgnoreCase("published") ? ApiQuotas.PUBLISHED : ApiQuotas.PUBLISHED.with(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code auto} (null: chosen from the other settings) or a duration. */
  static final class AutoDurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return value.trim().equalsIgnoreCase("auto") ? null : new DurationConverter().convert(value);
    }
  }

  /** The options as settings; a bad combination is a command-line error. */
  BenchmarkSettings settings() {
    try {
      return new BenchmarkSettings(allocations, floor, cloudLatency, quota, concurrentDeletes, driftAllocations, driftPools,
          driftInterval, memoryAllocations, callsAllocations, warmup, timeout, Scenario.parseList(scenarios));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  @Override
  public Integer call() throws Exception {
    BenchmarkSettings settings = settings();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    quietLogs(logLevel);
    Instant started = Instant.now();
    List<ScenarioResult> results = new ArrayList<>();
    double warmupSeconds = 0;
    for (Scenario scenario : settings.scenarios()) {
      if (scenario != Scenario.STARTUP && warmupSeconds == 0 && settings.warmup() > 0) {
        warmupSeconds = warmUp(settings, err);
      }
      results.add(runOne(scenario, settings, err));
    }
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("benchmark", "vpc-ipam-operator");
    header.put("version", VersionProvider.version());
    header.put("startedAt", started.toString());
    header.put("seconds", Duration.between(started, Instant.now()).toMillis() / 1000.0);
    header.put("warmupSeconds", Math.round(warmupSeconds * 10) / 10.0);
    header.put("machine", machine());
    header.put("settings", settings.describe());
    String json = Report.json(Report.document(header, results));

    out.println();
    out.print(Report.table(results));
    out.println();
    Report.goalLines(results).forEach(out::println);
    for (ScenarioResult r : results) {
      r.notes().forEach(n -> out.println(r.name() + ": " + n));
    }
    out.println();
    out.println(json);
    out.flush();
    if (jsonOut != null) {
      Path parent = jsonOut.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(jsonOut, json + "\n");
    }
    return results.stream().anyMatch(r -> r.status() == ScenarioResult.Status.FAILED) ? 1 : 0;
  }

  private static ScenarioResult runOne(Scenario scenario, BenchmarkSettings settings, PrintWriter err) {
    ScenarioResult result = new ScenarioResult(scenario.id());
    long start = System.nanoTime();
    err.println("[" + scenario.id() + "] starting");
    err.flush();
    try {
      Consumer<String> log = line -> {
        err.printf("[%s %6.1fs] %s%n", scenario.id(), (System.nanoTime() - start) / 1e9, line);
        err.flush();
      };
      switch (scenario) {
        case LIFECYCLE -> LifecycleScenario.run(settings, result, log);
        case DELETE_LATENCY -> DeleteLatencyScenario.run(settings, result, log);
        case CALLS -> CallsScenario.run(settings, result, log);
        case DRIFT -> DriftScenario.run(settings, result, log);
        case MEMORY -> MemoryScenario.run(settings, result, log);
        case STARTUP -> StartupScenario.run(settings, result, log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result.fail("interrupted");
    } catch (Exception e) {
      result.fail(e.getClass().getSimpleName() + ": " + e.getMessage());
      e.printStackTrace(err);
    }
    result.seconds((System.nanoTime() - start) / 1e9);
    err.printf("[%s] %s in %.1f s%n", scenario.id(), result.status().name().toLowerCase(java.util.Locale.ROOT),
        result.seconds());
    err.flush();
    return result;
  }

  /** The warm-up; its seconds (a failure only shows in the progress lines: the scenarios will tell). */
  private static double warmUp(BenchmarkSettings settings, PrintWriter err) {
    long start = System.nanoTime();
    try {
      LifecycleScenario.warmUp(settings, settings.warmup(), line -> {
        err.printf("[warmup %6.1fs] %s%n", (System.nanoTime() - start) / 1e9, line);
        err.flush();
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      err.println("[warmup] failed: " + e);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    err.printf("[warmup] done in %.1f s%n", seconds);
    err.flush();
    return Math.max(seconds, 1e-3);
  }

  static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    m.put("java", System.getProperty("java.runtime.version"));
    m.put("vm", System.getProperty("java.vm.name"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    m.put("maxHeapMb", Math.round(MemoryProbe.mb(Runtime.getRuntime().maxMemory())));
    m.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
    return m;
  }

  /** The operator's logs at {@code level}, on stderr: stdout carries the report only. */
  static void quietLogs(String level) {
    LoggingSetup.apply(null, level);
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      root.setLevel(Level.toLevel(level, Level.ERROR));
      for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
        if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
          console.stop();
          console.setTarget("System.err");
          console.start();
        }
      }
    }
  }
}
