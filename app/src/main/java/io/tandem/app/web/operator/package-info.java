/**
 * What only the operator of a Tandem installation does, over HTTP with the operator token
 * ({@code TANDEM_OPERATOR_TOKEN}): putting a workspace on a billing plan, and looking at and retrying the events the
 * projections have parked.
 */
package io.tandem.app.web.operator;
