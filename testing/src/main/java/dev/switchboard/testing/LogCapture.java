package dev.switchboard.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Captures one logger's events, with their MDC snapshotted on the logging thread (logback's
 * {@code ListAppender} does not), for tests that assert what a log line carried. Needs
 * logback-classic on the test class path. Thread-safe; close it to restore the logger.
 *
 * <pre>{@code
 * try (LogCapture logs = new LogCapture("hop.users")) {
 *   ...
 *   assertThat(logs.events.get(0).getMDCPropertyMap()).containsKey("correlation_id");
 * }
 * }</pre>
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  /** The captured events, in order. */
  public final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
  private final Logger logger;

  /** Starts capturing {@code loggerName} at INFO (and keeps its lines out of the build output). */
  public LogCapture(String loggerName) {
    this.logger = (Logger) LoggerFactory.getLogger(loggerName);
    logger.setLevel(Level.INFO);
    logger.setAdditive(false); // keep the build output quiet
    start();
    logger.addAppender(this);
  }

  @Override
  protected void append(ILoggingEvent event) {
    event.prepareForDeferredProcessing(); // snapshots the MDC on the logging thread
    events.add(event);
  }

  @Override
  public void close() {
    logger.detachAppender(this);
    logger.setAdditive(true);
    logger.setLevel(null);
    stop();
  }
}
