/**
 * The bad-input fuzzer shared by {@code BadInputFuzzTest} and {@code bench/run Fuzz}: it reads the live OpenAPI
 * description, generates seeded invalid requests for every operation, sends them as raw HTTP/1.1 and checks each
 * answer (no 5xx, no leaked internals, problem details that name the field).
 */
package io.tandem.app.support.fuzz;
