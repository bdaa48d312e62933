/**
 * How the application talks to its aggregates and projections: one gateway for commands that gives callers the
 * domain's refusals back whatever bus carried them, and the interceptors that make those refusals travel.
 */
package io.tandem.app.messaging;
