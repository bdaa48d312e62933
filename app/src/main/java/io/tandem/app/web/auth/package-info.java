/**
 * The {@code /api/v1/auth} endpoints: register, login, refresh, logout and the caller's own account. Thin: the
 * rules live in {@link io.tandem.app.account}.
 */
package io.tandem.app.web.auth;
