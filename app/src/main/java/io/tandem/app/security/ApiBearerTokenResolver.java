package io.tandem.app.security;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Finds the access token of a request. It comes in the {@code Authorization} header everywhere; only the WebSocket
 * handshake at {@code /ws} may carry it as {@code ?token=}, because browsers cannot set headers on a WebSocket
 * (elsewhere a token in the URL would end up in logs and caches). The public auth endpoints ignore any token, so
 * that a client still sending its expired access token can log in or refresh.
 */
final class ApiBearerTokenResolver implements BearerTokenResolver {

    static final String WEBSOCKET_PATH = "/ws";
    static final String QUERY_PARAMETER = "token";
    static final Set<String> TOKENLESS_PATHS = Set.of("/api/v1/auth/register", "/api/v1/auth/login",
            "/api/v1/auth/refresh", "/api/v1/auth/verify", "/api/v1/auth/password-reset",
            "/api/v1/auth/password-reset/confirm");

    private final DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();

    @Override
    public String resolve(HttpServletRequest request) {
        String path = path(request);
        if (TOKENLESS_PATHS.contains(path)) {
            return null;
        }
        String fromHeader = header.resolve(request);
        if (fromHeader == null && WEBSOCKET_PATH.equals(path) && "GET".equals(request.getMethod())) {
            String fromQuery = request.getParameter(QUERY_PARAMETER);
            return fromQuery == null || fromQuery.isBlank() ? null : fromQuery;
        }
        return fromHeader;
    }

    private static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }
}
