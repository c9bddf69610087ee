package dev.monologue.standin;

/**
 * What AWS would bill for the traffic an {@link AwsStandIn} carried, counted in the units AWS meters: Lambda
 * invocations and their duration (each rounded up to the millisecond), API Gateway messages (each counted per 32 KB
 * started), the time connections stayed open, and DynamoDB request units as the names table reported them. Prices
 * are not here: multiply by the region's. Take two and {@link #minus} them for what happened between.
 *
 * @param invocations Lambda invocations, both functions (a mocked route costs none)
 * @param billedMillis their duration as Lambda bills it: each rounded up to a whole millisecond, measured here
 * @param inboundMessages messages clients sent to API Gateway, in 32 KB units (a 40 KB message is 2)
 * @param outboundMessages messages posted to connections through {@code @connections}, in 32 KB units
 * @param connectionMillis how long connections that have closed were open
 * @param readUnits DynamoDB read request units (on demand: 1 per strongly consistent 4 KB, half that eventually)
 * @param writeUnits DynamoDB write request units (1 per 1 KB written; a failed conditional write costs 1)
 */
public record Usage(long invocations, long billedMillis, long inboundMessages, long outboundMessages,
    long connectionMillis, double readUnits, double writeUnits) {
  /** What was used since {@code earlier}, a usage of the same stand-in taken before this one. */
  public Usage minus(Usage earlier) {
    return new Usage(invocations - earlier.invocations, billedMillis - earlier.billedMillis,
        inboundMessages - earlier.inboundMessages, outboundMessages - earlier.outboundMessages,
        connectionMillis - earlier.connectionMillis, readUnits - earlier.readUnits, writeUnits - earlier.writeUnits);
  }

  /** Inbound and outbound messages together: API Gateway bills both at one price. */
  public long messages() {
    return inboundMessages + outboundMessages;
  }
}
