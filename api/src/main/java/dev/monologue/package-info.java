/**
 * What users import: {@link dev.monologue.Monologue} (one machine connected to a relay), its
 * {@link dev.monologue.MonologueOptions}, the {@link dev.monologue.MonologueService} and
 * {@link dev.monologue.MonologueMethod} annotations, and the exceptions every call fails with. Anyone may depend
 * on it; it changes only compatibly within a major version.
 */
package dev.monologue;
