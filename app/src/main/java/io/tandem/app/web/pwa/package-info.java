/**
 * Serves the built PWA ({@code clients/pwa}) from a directory at {@code /app/}, on the API's origin, so that the app
 * reaches the API and the socket without CORS: its files, and its shell for every route of the app.
 */
package io.tandem.app.web.pwa;
