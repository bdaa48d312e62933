/**
 * The deployable application: Spring Boot main, HTTP controllers, security, configuration and the starters
 * of local dependencies. Domain decisions live in command-side; read models in projections.
 */
package io.tandem.app;
