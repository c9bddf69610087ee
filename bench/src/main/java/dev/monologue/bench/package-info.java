/** The benchmarks behind the README's performance table. Never a dependency of the other modules. */
package dev.monologue.bench;
