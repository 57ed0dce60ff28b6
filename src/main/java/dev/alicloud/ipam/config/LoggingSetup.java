package dev.alicloud.ipam.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Configures logging in code: plain or JSON lines on stdout at a level, from {@code IPAM_LOG_FORMAT} and
 * {@code IPAM_LOG_LEVEL} (or run's flags). A {@code logback.xml} on the classpath, or {@code -Dlogback.configurationFile},
 * still wins, for users who need more.
 */
public final class LoggingSetup extends ContextAwareBase implements Configurator {

  /** How log lines look. */
  public enum Format { plain, json }

  static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null || onClasspath("logback-test.xml")
        || onClasspath("logback.xml")) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    Format format = parse(System.getenv("IPAM_LOG_FORMAT"), Format.plain);
    Level level = Level.toLevel(System.getenv("IPAM_LOG_LEVEL"), Level.INFO);
    configure(context, format, level);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Reconfigures the running logging, e.g. from command-line flags; null keeps the environment's choice. */
  public static void apply(Format format, String level) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)
        || onClasspath("logback-test.xml") || onClasspath("logback.xml")) {
      return;
    }
    Format f = format != null ? format : parse(System.getenv("IPAM_LOG_FORMAT"), Format.plain);
    Level l = Level.toLevel(level != null ? level : System.getenv("IPAM_LOG_LEVEL"), Level.INFO);
    context.reset();
    configure(context, f, l);
  }

  private static void configure(LoggerContext context, Format format, Level level) {
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("stdout");
    appender.setEncoder(encoder(context, format));
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(level);
    root.addAppender(appender);
    // the sandbox's embedded API logs every request; fabric8 warns on every informer start that v1alpha1 is unstable
    context.getLogger("io.fabric8.mockwebserver").setLevel(Level.WARN);
    // ... and, at DEBUG, every object it stores, Secrets included: never below INFO
    context.getLogger("io.fabric8.kubernetes.client.server.mock").setLevel(Level.INFO);
    context.getLogger("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils").setLevel(Level.ERROR);
  }

  static Encoder<ILoggingEvent> encoder(LoggerContext context, Format format) {
    if (format == Format.json) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(context);
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.setWithContext(false);
      json.setWithMessage(false);
      json.setWithArguments(false);
      json.setWithFormattedMessage(true);
      json.start();
      return json;
    }
    PatternLayoutEncoder plain = new PatternLayoutEncoder();
    plain.setContext(context);
    plain.setPattern(PATTERN);
    plain.start();
    return plain;
  }

  private static Format parse(String value, Format fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Format.valueOf(value.trim().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }

  private static boolean onClasspath(String resource) {
    return LoggingSetup.class.getClassLoader().getResource(resource) != null;
  }
}
