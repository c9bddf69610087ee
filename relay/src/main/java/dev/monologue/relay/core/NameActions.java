package dev.monologue.relay.core;

/**
 * What the classes that carry out name and group actions ({@link NameClaims}, {@link GroupRouting}) share, made once
 * by {@link NameRouting}: the gateway to the connections, the registry, the holders' lease, the answers to the
 * sender, and the departures of connections.
 */
record NameActions(ConnectionGateway gateway, NameRegistry registry, HolderLease lease, SenderAnswers answers,
    Departures departures) {}
