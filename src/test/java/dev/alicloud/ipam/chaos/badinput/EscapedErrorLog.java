package dev.alicloud.ipam.chaos.badinput;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Captures, on the root logger, the log events that mean an exception escaped the operator's own handling: ERROR from
 * JOSDK, the operator or fabric8 (a stopped informer, exhausted retries), and WARN with a throwable from JOSDK or the
 * operator (JOSDK logs an exception thrown out of {@code reconcile()} as "Uncaught error during event processing" at
 * WARN while retries remain).
 */
final class EscapedErrorLog extends AppenderBase<ILoggingEvent> {

  /** One captured event, rendered. */
  record Escape(String logger, Level level, String message, String throwable) {
    @Override
    public String toString() {
      return level + " " + logger + ": " + message + (throwable == null ? "" : " / " + throwable);
    }
  }

  private final List<Escape> events = new CopyOnWriteArrayList<>();

  static EscapedErrorLog attach() {
    EscapedErrorLog log = new EscapedErrorLog();
    log.setName("bad-input-escaped-errors");
    log.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
    log.start();
    root().addAppender(log);
    return log;
  }

  void detach() {
    root().detachAppender(this);
    stop();
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @Override
  protected void append(ILoggingEvent e) {
    String logger = e.getLoggerName();
    boolean ours = logger.startsWith("io.javaoperatorsdk") || logger.startsWith("dev.alicloud.ipam");
    boolean error = e.getLevel().isGreaterOrEqual(Level.ERROR) && (ours || logger.startsWith("io.fabric8"));
    boolean escapedWarn = ours && e.getLevel().isGreaterOrEqual(Level.WARN) && e.getThrowableProxy() != null;
    if (error || escapedWarn) {
      events.add(new Escape(logger, e.getLevel(), e.getFormattedMessage(), render(e.getThrowableProxy())));
    }
  }

  private static String render(IThrowableProxy t) {
    if (t == null) {
      return null;
    }
    StringBuilder s = new StringBuilder(t.getClassName()).append(": ").append(t.getMessage());
    for (IThrowableProxy c = t.getCause(); c != null; c = c.getCause()) {
      s.append(" <- ").append(c.getClassName()).append(": ").append(c.getMessage());
    }
    return s.toString();
  }

  /** A position to compare with later. */
  int mark() {
    return events.size();
  }

  List<Escape> since(int mark) {
    return List.copyOf(events.subList(mark, events.size()));
  }
}
