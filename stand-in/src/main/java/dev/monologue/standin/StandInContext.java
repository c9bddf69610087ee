package dev.monologue.standin;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Lambda {@link Context} of one stand-in invocation; its logger writes to SLF4J. */
final class StandInContext implements Context {
  private static final Logger log = LoggerFactory.getLogger(StandInContext.class);
  private static final LambdaLogger LOGGER = new LambdaLogger() {
    @Override
    public void log(String message) {
      log.info("{}", message);
    }

    @Override
    public void log(byte[] message) {
      log(new String(message, StandardCharsets.UTF_8));
    }
  };

  private final String requestId;
  private final String functionName;
  private final long deadlineNanos;

  StandInContext(String requestId, String functionName, int timeoutMillis) {
    this.requestId = requestId;
    this.functionName = functionName;
    this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "stand-in";
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:" + AwsStandIn.REGION + ":" + AwsStandIn.ACCOUNT + ":function:" + functionName;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
  }

  @Override
  public int getMemoryLimitInMB() {
    return 1024;
  }

  @Override
  public LambdaLogger getLogger() {
    return LOGGER;
  }
}
