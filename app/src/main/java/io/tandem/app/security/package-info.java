/**
 * Who is calling: a stateless OAuth2 resource server that checks our own HS256 access tokens, issues them,
 * and hands controllers the caller as a {@link io.tandem.app.security.CurrentUser}.
 */
package io.tandem.app.security;
