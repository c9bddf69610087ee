/**
 * The annotation processor that writes a stub and a skeleton for each {@code @MonologueService} interface. Used
 * only on the annotation-processor path; nothing depends on it at run time.
 */
package dev.monologue.processor;
