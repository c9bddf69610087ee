/**
 * What the test suites share: bounded waits, child JVMs a test can kill, a loopback fault proxy. A test-scope
 * dependency of Monologue's own modules only.
 */
package dev.monologue.testsupport;
