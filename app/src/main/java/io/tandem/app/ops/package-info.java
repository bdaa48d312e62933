/**
 * What operators and orchestrators ask the running server: {@code /health} (each dependency up or down),
 * {@code /ready} (serving or not), and {@code /metrics} in the Prometheus text format with Tandem's own figures.
 */
package io.tandem.app.ops;
