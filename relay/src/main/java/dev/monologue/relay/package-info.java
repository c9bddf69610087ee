/**
 * The local relay: {@link dev.monologue.relay.LocalRelay} to embed one, {@link dev.monologue.relay.RelayMain} to run
 * one from the command line. Programs that embed a relay (tests, samples, single servers) depend on it.
 */
package dev.monologue.relay;
