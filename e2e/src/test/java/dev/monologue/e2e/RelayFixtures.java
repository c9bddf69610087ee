package dev.monologue.e2e;

import dev.monologue.relay.LocalRelay;
import dev.monologue.relay.core.RelayPolicy;
import dev.monologue.standin.AwsStandIn;
import dev.monologue.standin.TlsIdentity;
import dev.monologue.standin.DisconnectDelivery;
import dev.monologue.wire.NameLease;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/** Starts the relays the suites run against. */
public final class RelayFixtures {
  private RelayFixtures() {}

  /** A {@link LocalRelay} on an ephemeral loopback port that accepts exactly {@code apiKeys}. */
  public static RelayFixture local(Set<String> apiKeys) {
    return local(apiKeys, RelayPolicy.DEFAULT, NameLease.DEFAULT);
  }

  /** As {@link #local(Set)}, each key's rights over names and groups as {@code policy} says. */
  public static RelayFixture local(Set<String> apiKeys, RelayPolicy policy) {
    return local(apiKeys, policy, NameLease.DEFAULT);
  }

  /** As {@link #local(Set)}, with name holders losing their names after {@code nameLease} of silence. */
  public static RelayFixture local(Set<String> apiKeys, Duration nameLease) {
    return local(apiKeys, RelayPolicy.DEFAULT, nameLease);
  }

  /** As {@link #local(Set)}, with {@code policy} and {@code nameLease}. */
  public static RelayFixture local(Set<String> apiKeys, RelayPolicy policy, Duration nameLease) {
    LocalRelay relay = LocalRelay.builder().host("127.0.0.1").port(0).apiKeys(apiKeys).policy(policy)
        .nameLease(nameLease).build();
    relay.start();
    return new RelayFixture() {
      @Override
      public URI endpoint() {
        return relay.endpoint();
      }

      @Override
      public boolean disconnect(String connectionId) {
        return relay.disconnect(connectionId);
      }

      @Override
      public int connectionCount() {
        return relay.connectionCount();
      }

      @Override
      public void close() {
        relay.close();
      }
    };
  }

  /**
   * The real Lambda handler behind the API Gateway stand-in: every frame becomes an API Gateway event, and every
   * reply travels through the {@code @connections} management API over HTTP. Sixteen invocations may run at once
   * (AWS allows far more). Clients connect over {@code wss://}, trusting the stand-in's certificate through
   * {@link RelayFixture#configure}.
   */
  public static RelayFixture awsStandIn(Set<String> apiKeys) {
    AwsStandIn standIn = AwsStandIn.builder().apiKeys(apiKeys).concurrency(16).start();
    return new RelayFixture() {
      @Override
      public URI endpoint() {
        return standIn.endpoint();
      }

      @Override
      public TlsIdentity tls() {
        return standIn.tls();
      }

      @Override
      public boolean disconnect(String connectionId) {
        return standIn.disconnect(connectionId);
      }

      @Override
      public int connectionCount() {
        return standIn.connectionCount();
      }

      @Override
      public void close() {
        standIn.close();
      }
    };
  }

  /** The stand-in with names and groups kept in DynamoDB (dynalite, started here and stopped on close). */
  public static RelayFixture awsStandInWithNames(Set<String> apiKeys) {
    return awsStandInWithNames(apiKeys, DisconnectDelivery.AFTER_MESSAGES);
  }

  /** As {@link #awsStandInWithNames(Set)}, with {@code $disconnect} delivered as {@code disconnects} says. */
  public static RelayFixture awsStandInWithNames(Set<String> apiKeys, DisconnectDelivery disconnects) {
    return awsStandInWithNames(apiKeys, disconnects, RelayPolicy.DEFAULT, NameLease.DEFAULT);
  }

  /** As {@link #awsStandInWithNames(Set, DisconnectDelivery)}, with the relay function's {@code policy}. */
  public static RelayFixture awsStandInWithNames(Set<String> apiKeys, DisconnectDelivery disconnects,
      RelayPolicy policy) {
    return awsStandInWithNames(apiKeys, disconnects, policy, NameLease.DEFAULT);
  }

  /** As {@link #awsStandInWithNames(Set, DisconnectDelivery)}, with the relay function's name lease set. */
  public static RelayFixture awsStandInWithNames(Set<String> apiKeys, DisconnectDelivery disconnects,
      Duration nameLease) {
    return awsStandInWithNames(apiKeys, disconnects, RelayPolicy.DEFAULT, nameLease);
  }

  /** As {@link #awsStandInWithNames(Set, DisconnectDelivery)}, with the relay function's policy and name lease. */
  public static RelayFixture awsStandInWithNames(Set<String> apiKeys, DisconnectDelivery disconnects,
      RelayPolicy policy, Duration nameLease) {
    dev.monologue.standin.Dynalite dynalite = dev.monologue.standin.Dynalite.start();
    AwsStandIn standIn;
    try {
      standIn = AwsStandIn.builder().apiKeys(apiKeys).concurrency(16).namesTable(dynalite.endpoint())
          .disconnects(disconnects).relayPolicy(policy).nameLease(nameLease).start();
    } catch (RuntimeException e) {
      dynalite.close();
      throw e;
    }
    return new RelayFixture() {
      @Override
      public URI endpoint() {
        return standIn.endpoint();
      }

      @Override
      public TlsIdentity tls() {
        return standIn.tls();
      }

      @Override
      public boolean disconnect(String connectionId) {
        return standIn.disconnect(connectionId);
      }

      @Override
      public int connectionCount() {
        return standIn.connectionCount();
      }

      @Override
      public void close() {
        standIn.close();
        dynalite.close();
      }
    };
  }
}
