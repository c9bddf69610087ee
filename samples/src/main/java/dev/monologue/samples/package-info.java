/** The demo: two machines, a string-named call, a failure, a timeout and a typed service. Depend on nothing here. */
package dev.monologue.samples;
