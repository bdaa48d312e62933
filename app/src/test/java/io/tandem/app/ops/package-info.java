/** End-to-end tests of the operations surface: health, readiness, metrics, limits, hardening and the API description. */
package io.tandem.app.ops;
