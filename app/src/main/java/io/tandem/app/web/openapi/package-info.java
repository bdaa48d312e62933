/**
 * The OpenAPI description served at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}): springdoc reads
 * the controllers; this package adds what it cannot see, such as error answers, the bearer scheme and the task body.
 */
package io.tandem.app.web.openapi;
