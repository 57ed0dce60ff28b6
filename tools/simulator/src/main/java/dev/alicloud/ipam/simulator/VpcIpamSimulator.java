package dev.alicloud.ipam.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local, honest VpcIpam (API 2023-02-28) server for integration tests and the sandbox mode: it speaks Alibaba's
 * RPC wire protocol with ACS3-HMAC-SHA256 signatures, so the real tea-openapi client works against it unchanged
 * ({@code Config.setEndpoint(sim.endpoint()).setProtocol("http")}), and keeps real state (pools, allocations,
 * ClientTokens). This class only wires the parts together: {@link SimulatorState} (data), {@link Faults} (fault
 * injection), {@link CallLog} (counters), the signed API on {@code /} and the unsigned admin API on
 * {@code /_admin/}.
 */
public final class VpcIpamSimulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VpcIpamSimulator.class);

  static {
    // The JDK server writes headers and body in two packets; without TCP_NODELAY every answer waits ~40 ms for a
    // delayed ACK. The property is read once, when the first HttpServer of the JVM is created; an explicit setting
    // by the application wins.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final SimulatorConfig config;
  private final HttpServer server;
  private final ExecutorService executor;
  private final SimulatorState state;
  private final Faults faults;
  private final CallLog calls;
  private volatile boolean closed;

  private VpcIpamSimulator(SimulatorConfig config, HttpServer server, ExecutorService executor,
      SimulatorState state, Faults faults, CallLog calls) {
    this.config = config;
    this.server = server;
    this.executor = executor;
    this.state = state;
    this.faults = faults;
    this.calls = calls;
  }

  /**
   * Binds and starts a simulator.
   *
   * @throws UncheckedIOException when the address cannot be bound
   */
  public static VpcIpamSimulator start(SimulatorConfig config) {
    IdGenerator ids = new IdGenerator(config.randomSeed());
    SimulatorState state = new SimulatorState(config, ids);
    Faults faults = new Faults(config.randomSeed());
    CallLog calls = new CallLog();
    AllocationActions allocations = new AllocationActions(state, faults);
    PoolActions pools = new PoolActions(state, allocations);
    Acs3SignatureVerifier verifier = new Acs3SignatureVerifier(state::key, config.clock(), config.maxClockSkew(),
        new NonceCache(config.clock(), config.maxClockSkew()));
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 256);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind " + config.host() + ":" + config.port(), e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(config.threads(), daemonThreads());
    server.setExecutor(executor);
    server.createContext("/", new RpcHandler(ids, verifier, faults, calls, allocations, pools));
    if (config.adminEnabled()) {
      server.createContext("/_admin/", new AdminHandler(state, faults, calls));
    }
    server.start();
    VpcIpamSimulator simulator = new VpcIpamSimulator(config, server, executor, state, faults, calls);
    LOG.info("VpcIpam simulator listening on {} (admin API {})", simulator.endpoint(),
        config.adminEnabled() ? "on /_admin/" : "off");
    return simulator;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "vpcipam-sim-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code host:port}, as {@code com.aliyun.teaopenapi.models.Config#setEndpoint} wants it. */
  public String endpoint() {
    return config.host() + ":" + port();
  }

  /** The configuration it was started with. */
  public SimulatorConfig config() {
    return config;
  }

  /** Pools, allocations and access keys. */
  public SimulatorState state() {
    return state;
  }

  /** Fault injection handle. */
  public Faults faults() {
    return faults;
  }

  /** Call counters. */
  public CallLog calls() {
    return calls;
  }

  /** Stops serving (open connections are closed) and releases the threads. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("VpcIpam simulator on port {} stopped", server.getAddress().getPort());
  }
}
