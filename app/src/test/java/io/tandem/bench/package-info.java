/**
 * Benchmarks: main programs run by {@code bench/run <name>} that print their figures. They are not tests and
 * never run in {@code scripts/test}; speed and memory targets live here, not in timed assertions.
 */
package io.tandem.bench;
