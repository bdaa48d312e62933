/**
 * Starts PostgreSQL, Redis and Elasticsearch on a developer or CI machine when they are not already running, so
 * that the app and its integration tests need nothing installed but a JDK; for {@code scripts/run} without
 * {@code SMTP_URL} also an SMTP server that writes every mail into a folder. {@link io.tandem.app.local.LocalDependencies}
 * does the work; {@link io.tandem.app.local.LocalDependenciesBootstrap} wires it into the app's startup from
 * environment variables.
 */
package io.tandem.app.local;
