/**
 * Checks of the deployment files (Dockerfile, docker-compose.yml, deploy/k8s, CI) against the application, since
 * no container engine runs the tests.
 */
package io.tandem.app.deploy;
