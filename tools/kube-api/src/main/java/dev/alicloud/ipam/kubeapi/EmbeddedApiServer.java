package dev.alicloud.ipam.kubeapi;

import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An in-process Kubernetes API server for the sandbox mode: the fabric8 CRUD mock server with the operator's CRD
 * installed, behind an {@link ApiDiscoveryDispatcher} so that real kubectl can discover, apply, get and describe
 * resources, and behind an {@link ApiFront} on the public port, which serves watches over plain HTTP as kubectl
 * watches. State lives in memory and is gone after {@link #close()}.
 */
public final class EmbeddedApiServer implements AutoCloseable {

  /** Name of the kubeconfig context, cluster and user written by {@link #writeKubeconfig(Path, String)}. */
  public static final String KUBECONFIG_NAME = "vpc-ipam-sandbox";
  /** The operator's CRD, generated at process-classes by the fabric8 crd-generator-maven-plugin. */
  static final String CRD_RESOURCE = "META-INF/fabric8/ipampoolallocations.ipam.alicloud.dev-v1.yml";

  /** The mock logs every request at INFO through java.util.logging; kept referenced so the level sticks. */
  private static final Logger MOCK_WEB_SERVER_LOG = Logger.getLogger(MockWebServer.class.getName());

  static {
    if (MOCK_WEB_SERVER_LOG.getLevel() == null) {
      MOCK_WEB_SERVER_LOG.setLevel(Level.WARNING);
    }
  }

  private final KubernetesMockServer server;
  private final ApiFront front;
  /** The namespace controller's loop ({@link ApiDiscoveryDispatcher#terminateNamespaces()}). */
  private final ScheduledExecutorService namespaceController = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "embedded-api-namespace-controller");
    t.setDaemon(true);
    return t;
  });
  private final ApiDiscoveryDispatcher dispatcher;
  private final KubernetesClient client;
  private final String host;
  private boolean closed;

  private EmbeddedApiServer(KubernetesMockServer server, ApiFront front, ApiDiscoveryDispatcher dispatcher,
      KubernetesClient client, String host) {
    this.server = server;
    this.front = front;
    namespaceController.scheduleWithFixedDelay(() -> {
      try {
        dispatcher.terminateNamespaces();
      } catch (RuntimeException e) {
        // the next pass tries again
      }
    }, 500, 500, TimeUnit.MILLISECONDS);
    this.dispatcher = dispatcher;
    this.client = client;
    this.host = host;
  }

  /**
   * Starts the server, with admission, and installs the operator's CRD and the {@code default} namespace.
   *
   * @param port 0 for an ephemeral port
   */
  public static EmbeddedApiServer start(String host, int port) {
    return start(host, port, true);
  }

  /**
   * Starts a server that stores custom resources admission would refuse: for tests of the operator's own defences
   * against objects written where no admission runs.
   */
  public static EmbeddedApiServer startWithoutAdmission(String host, int port) {
    return start(host, port, false);
  }

  private static EmbeddedApiServer start(String host, int port, boolean admission) {
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot resolve " + host, e);
    }
    var dispatcher = new ApiDiscoveryDispatcher(java.time.Clock.systemUTC(), admission);
    var server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
        new HashMap<>(), dispatcher, false);
    // the mock listens on an ephemeral loopback port behind the front, which serves the port asked for
    InetAddress loopback = InetAddress.getLoopbackAddress();
    server.init(loopback, 0);
    String mockUrl = "http://" + urlHost(loopback) + ":" + server.getPort();
    ApiFront front;
    try {
      front = ApiFront.start(address.getHostAddress(), port, loopback.getHostAddress(), server.getPort(),
          (request, event) -> dispatcher.watchEvent(request.uri(), request.getHeader("Accept"), event));
    } catch (RuntimeException e) {
      server.destroy();
      throw e;
    }
    // the mock's own config says localhost and namespace "test": the mock's address and "default" instead; this
    // client (the operator's) talks to the mock directly
    KubernetesClient client = server.createClient(builder -> builder.editOrNewConfig()
        .withMasterUrl(mockUrl).withNamespace("default").endConfig());
    var started = new EmbeddedApiServer(server, front, dispatcher, client, urlHost(address));
    try {
      // the CRUD mock serves the status subresource only for kinds whose CRD it has stored: CRD first
      client.apiextensions().v1().customResourceDefinitions().resource(loadCrd(client)).create();
      client.namespaces().resource(new NamespaceBuilder()
          .withNewMetadata().withName("default").withLabels(Map.of("kubernetes.io/metadata.name", "default"))
          .endMetadata()
          .withNewStatus().withPhase("Active").endStatus()
          .build()).create();
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
    return started;
  }

  private static CustomResourceDefinition loadCrd(KubernetesClient client) {
    try (InputStream in = EmbeddedApiServer.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("CRD not on the classpath (run mvn process-classes): " + CRD_RESOURCE);
      }
      return client.getKubernetesSerialization()
          .unmarshal(new String(in.readAllBytes(), StandardCharsets.UTF_8), CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String urlHost(InetAddress address) {
    if (address.isAnyLocalAddress()) {
      return address instanceof Inet6Address ? "[::1]" : "127.0.0.1";
    }
    String literal = address.getHostAddress();
    return address instanceof Inet6Address ? "[" + literal.replaceFirst("%.*$", "") + "]" : literal;
  }

  /**
   * Counts every request from now on by verb, resource, namespace and name (for comparing with RBAC), except
   * those sent with the User-Agent {@code exceptUserAgent} (a test driver's own client; null: none excepted).
   */
  public EmbeddedApiServer recordCalls(String exceptUserAgent) {
    dispatcher.recordCalls(exceptUserAgent);
    return this;
  }

  /** What was called since {@link #recordCalls()}, with how often. */
  public Map<ApiCall, Long> recordedCalls() {
    return dispatcher.recordedCalls();
  }

  /**
   * Stores objects directly, as if created, keeping their status: loads thousands of objects in a moment where one
   * create request each would take minutes (the CRUD mock scans every stored object per request). For the benchmark;
   * call it before the operator or other clients write.
   */
  public void preload(List<? extends HasMetadata> objects) {
    dispatcher.preload(objects);
  }

  /**
   * A fabric8 client of this server, created once and closed by {@link #close()}. It talks to the mock behind the
   * public port directly (the same objects, one hop less), which is what the operator in the sandbox uses.
   */
  public KubernetesClient client() {
    return client;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
  public String url() {
    return "http://" + host + ":" + port();
  }

  public int port() {
    return front.port();
  }

  /**
   * Writes a kubeconfig whose current context ({@value #KUBECONFIG_NAME}) points at this server, creating the parent
   * directories.
   *
   * @param namespace the context's default namespace
   * @return {@code file}
   */
  public Path writeKubeconfig(Path file, String namespace) {
    var config = new ConfigBuilder()
        .withApiVersion("v1")
        .withKind("Config")
        .addNewCluster().withName(KUBECONFIG_NAME).withNewCluster().withServer(url()).endCluster().endCluster()
        .addNewContext().withName(KUBECONFIG_NAME).withNewContext()
        .withCluster(KUBECONFIG_NAME).withUser(KUBECONFIG_NAME).withNamespace(namespace)
        .endContext().endContext()
        .addNewUser().withName(KUBECONFIG_NAME).withNewUser().withToken("sandbox").endUser().endUser()
        .withCurrentContext(KUBECONFIG_NAME)
        .build();
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, client.getKubernetesSerialization().asYaml(config));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    namespaceController.shutdownNow();
    client.close();
    front.close();
    server.destroy();
  }
}
