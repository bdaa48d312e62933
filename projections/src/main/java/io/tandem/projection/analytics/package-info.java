/**
 * The analytics read model (each completion: when, by whom, against which due date) and the per-workspace stamps
 * that tell the analytics cache when the read models it is computed from have moved on.
 */
package io.tandem.projection.analytics;
