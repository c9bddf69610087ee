package dev.monologue.testsupport;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J provider for tests of what log lines carry: it keeps every line at INFO and above (slf4j-simple's default
 * level; below it nothing is even formatted) with a copy of the MDC at the time ({@link #lines()}), and prints them to
 * {@code System.err} as slf4j-simple does ({@code [thread] LEVEL logger - message}), so that output reads the same. slf4j-simple has no MDC, hence this.
 * Chosen by a module's Surefire configuration with the system property
 * {@code slf4j.provider=dev.monologue.testsupport.RecordingLogs} (not registered as a service, so it never competes
 * with another binding).
 */
public final class RecordingLogs implements SLF4JServiceProvider {
  /** One line as logged: its level, logger, formatted message and the MDC when it was written. */
  public record Line(Level level, String logger, String message, Map<String, String> mdc) {}

  private static final int MAX_LINES = 100_000;
  private static final ConcurrentLinkedQueue<Line> LINES = new ConcurrentLinkedQueue<>();

  private final MDCAdapter mdc = new BasicMDCAdapter();
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final ConcurrentHashMap<String, Logger> loggers = new ConcurrentHashMap<>();
  private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, RecordingLogger::new);

  /** The lines kept so far, oldest first (the first 100,000 of the JVM). */
  public static List<Line> lines() {
    return new ArrayList<>(LINES);
  }

  /** Whether this provider is the one SLF4J bound: tests of the MDC mean nothing under another. */
  public static boolean bound() {
    return org.slf4j.LoggerFactory.getLogger(RecordingLogs.class) instanceof RecordingLogger;
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}

  private final class RecordingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    RecordingLogger(String name) {
      this.name = name;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
        Throwable throwable) {
      String message = MessageFormatter.basicArrayFormat(pattern, arguments);
      if (LINES.size() < MAX_LINES) {
        Map<String, String> context = mdc.getCopyOfContextMap();
        LINES.add(new Line(level, name, message, context == null ? Map.of() : Map.copyOf(context)));
      }
      PrintStream err = System.err;
      err.println("[" + Thread.currentThread().getName() + "] " + level + " " + name + " - " + message);
      if (throwable != null) {
        throwable.printStackTrace(err);
      }
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return false;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }
  }
}
