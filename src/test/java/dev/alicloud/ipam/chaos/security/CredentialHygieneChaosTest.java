package dev.alicloud.ipam.chaos.security;

import static dev.alicloud.ipam.testing.Fixtures.ACCESS_KEY_SECRET;
import static dev.alicloud.ipam.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Credentials never leave the operator: after lifecycles with the operator's own key, a team's STS credentials and
 * a wrong secret, no log line (at DEBUG, stack traces included), event, status or metric contains a secret or a
 * token; and the client never sent a call the simulator found unsigned or replayed.
 */
@Tag("chaos")
class CredentialHygieneChaosTest {

  static final String TEAM_KEY = "STS.TeamKeyForHygiene";
  static final String TEAM_SECRET = "team-sts-secret-value-that-must-not-leak";
  static final String TEAM_TOKEN = "team-security-token-CAIS-that-must-not-leak";
  static final String EMBEDDED_API_SERVER = "io.fabric8.kubernetes.client.server.mock";
  static final String WRONG_SECRET = "a-wrong-secret-that-must-not-leak-either";

  @Test
  void noSecretOrTokenAppearsInLogsEventsStatusOrMetrics() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext(context);
    captured.start();
    root.addAppender(captured);
    Map<String, Level> before = new java.util.HashMap<>();
    for (String name : List.of("dev.alicloud.ipam", "io.javaoperatorsdk", "io.fabric8", "com.aliyun")) {
      before.put(name, levelOf(context, name)); // null: inherited, restored as such
    }
    before.keySet().forEach(name -> context.getLogger(name).setLevel(Level.DEBUG));
    try (OperatorHarness harness = OperatorHarness.create().startOperator()) {
      harness.simulator().state().addStsAccessKey(TEAM_KEY, TEAM_SECRET, TEAM_TOKEN);
      harness.client().secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata()
          .withName("team-sts").endMetadata().addToStringData("accessKeyId", TEAM_KEY)
          .addToStringData("accessKeySecret", TEAM_SECRET).addToStringData("securityToken", TEAM_TOKEN).build())
          .create();
      harness.createCredentialsSecret("wrong", "LTAI5tOperatorTestKey", WRONG_SECRET);

      harness.apply(AllocationBuilder.named("own-key").cidrMask(24).build());
      harness.apply(AllocationBuilder.named("team-sts").cidrMask(24).credentials("team-sts").build());
      harness.apply(AllocationBuilder.named("wrong-secret").cidrMask(24).credentials("wrong").build());
      harness.apply(AllocationBuilder.named("dry").cidrMask(24).credentials("team-sts").dryRun().build());
      harness.awaitReady("own-key");
      harness.awaitReady("team-sts");
      harness.awaitReady("dry");
      harness.awaitCondition("wrong-secret", "Stalled", "True", null);
      String metrics = harness.metricsText();
      List<String> statuses = harness.client().resources(IpamPoolAllocation.class).inNamespace(NAMESPACE).list()
          .getItems().stream().map(r -> harness.client().getKubernetesSerialization().asJson(r.getStatus())).toList();
      harness.edit("wrong-secret", r -> r.getSpec().setDeletionPolicy(
          dev.alicloud.ipam.api.v1alpha1.DeletionPolicy.Orphan));
      List.of("own-key", "team-sts", "wrong-secret", "dry").forEach(harness::delete);
      List.of("own-key", "team-sts", "wrong-secret", "dry").forEach(harness::awaitGone);
      List<String> events = harness.client().v1().events().inNamespace(NAMESPACE).list().getItems().stream()
          .map(e -> e.getReason() + " " + e.getMessage()).toList();

      List<String> logs = new ArrayList<>();
      for (ILoggingEvent e : captured.list) {
        if (e.getLoggerName().startsWith(EMBEDDED_API_SERVER)) {
          continue; // the test's API server, not the operator: it logs what it stores, Secrets included, at DEBUG
        }
        logs.add(e.getLoggerName() + " " + e.getFormattedMessage());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
          logs.add(t.getClassName() + ": " + t.getMessage());
          for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
            logs.add(frame.getSTEAsString());
          }
        }
      }
      assertThat(logs).as("DEBUG logs were captured").hasSizeGreaterThan(100);
      assertThat(events).as("events were recorded").isNotEmpty();
      for (String secret : List.of(ACCESS_KEY_SECRET, TEAM_SECRET, TEAM_TOKEN, WRONG_SECRET)) {
        assertThat(logs).as("logs").noneMatch(line -> line != null && line.contains(secret));
        assertThat(events).as("events").noneMatch(line -> line != null && line.contains(secret));
        assertThat(statuses).as("statuses").noneMatch(line -> line.contains(secret));
        assertThat(metrics).as("metrics").doesNotContain(secret);
      }
      var calls = harness.simulator().calls().snapshot();
      assertThat(calls.keySet()).as("the client never sent an unsigned, incomplete or replayed request")
          .noneMatch(k -> k.contains("IncompleteSignature") || k.contains("SignatureNonceUsed"));
      assertThat(calls.keySet()).as("the wrong secret was refused by signature, as a real endpoint would")
          .anyMatch(k -> k.contains("SignatureDoesNotMatch"));
    } finally {
      root.detachAppender(captured);
      before.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }
  }

  private static Level levelOf(LoggerContext context, String name) {
    return context.getLogger(name).getLevel();
  }
}
