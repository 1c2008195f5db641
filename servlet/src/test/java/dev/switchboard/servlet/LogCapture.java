package dev.switchboard.servlet;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** Captures a logger's events with their MDC snapshotted at logging time (a ListAppender does not). */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
  private final Logger logger;

  LogCapture(String loggerName) {
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
