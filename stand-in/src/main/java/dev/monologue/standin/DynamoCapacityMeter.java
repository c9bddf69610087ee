package dev.monologue.standin;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Counts the request units of the names table's item reads and writes on the stand-in's DynamoDB client: asks each
 * request for its consumed capacity ({@code ReturnConsumedCapacity: TOTAL}, which changes nothing else) and adds
 * what the answer reports, as DynamoDB computes it (dynalite follows its rules: 4 KB per read unit, halved for an
 * eventually consistent read; 1 KB per write unit). A conditional write that fails reports nothing but is billed a
 * write unit, and a query that finds nothing is billed a read (half a unit when eventually consistent). Table operations (CreateTable, DescribeTable) are not counted.
 */
final class DynamoCapacityMeter implements ExecutionInterceptor {
  private static final Logger log = LoggerFactory.getLogger(DynamoCapacityMeter.class);

  private final BillingMeter meter;
  private volatile boolean warned;

  DynamoCapacityMeter(BillingMeter meter) {
    this.meter = meter;
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    SdkRequest r = context.request();
    ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
    if (r instanceof GetItemRequest g) {
      return g.toBuilder().returnConsumedCapacity(total).build();
    } else if (r instanceof QueryRequest q) {
      return q.toBuilder().returnConsumedCapacity(total).build();
    } else if (r instanceof PutItemRequest p) {
      return p.toBuilder().returnConsumedCapacity(total).build();
    } else if (r instanceof DeleteItemRequest d) {
      return d.toBuilder().returnConsumedCapacity(total).build();
    } else if (r instanceof UpdateItemRequest u) {
      return u.toBuilder().returnConsumedCapacity(total).build();
    } else if (r instanceof BatchWriteItemRequest b) {
      return b.toBuilder().returnConsumedCapacity(total).build();
    }
    return r;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    Object response = context.response();
    if (response instanceof GetItemResponse g) {
      meter.read(units(g.consumedCapacity()));
    } else if (response instanceof QueryResponse q) {
      // a query that finds nothing still costs a read (dynalite reports 0 for it)
      boolean consistent = context.request() instanceof QueryRequest r && Boolean.TRUE.equals(r.consistentRead());
      meter.read(Math.max(consistent ? 1 : 0.5, units(q.consumedCapacity())));
    } else if (response instanceof PutItemResponse p) {
      meter.write(units(p.consumedCapacity()));
    } else if (response instanceof DeleteItemResponse d) {
      meter.write(units(d.consumedCapacity()));
    } else if (response instanceof UpdateItemResponse u) {
      meter.write(units(u.consumedCapacity()));
    } else if (response instanceof BatchWriteItemResponse b) {
      meter.write(units(b.consumedCapacity()));
    }
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    if (context.exception() instanceof ConditionalCheckFailedException) {
      meter.write(1); // the condition was read and failed: DynamoDB bills the write it did not make
    }
  }

  private double units(ConsumedCapacity c) {
    if (c == null || c.capacityUnits() == null) {
      if (!warned) {
        warned = true;
        log.warn("DynamoDB answered without the consumed capacity the stand-in asked for: counting 1 request unit"
            + " per such request (a lower bound)");
      }
      return 1;
    }
    return c.capacityUnits();
  }

  private double units(List<ConsumedCapacity> all) {
    double sum = 0;
    for (ConsumedCapacity c : all) {
      sum += units(c);
    }
    return sum;
  }
}
