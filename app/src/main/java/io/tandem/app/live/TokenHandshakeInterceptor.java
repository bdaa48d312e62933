package io.tandem.app.live;

import java.util.Map;
import java.util.Optional;

import io.tandem.app.security.CurrentUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Admits a handshake only with a valid access token. The security filter chain has already checked the token
 * (from {@code Authorization: Bearer} or, on {@code /ws} only, {@code ?token=}) with the app's JWT decoder and
 * answered 401 when it is missing or bad; this refuses anything that arrives here unauthenticated all the same, and
 * fixes the connection's user and token for its whole life.
 */
class TokenHandshakeInterceptor implements HandshakeInterceptor {

    static final String USER = "tandem.user";
    /** The access token the socket was opened with: checked again while it is open, and its expiry closes it. */
    static final String TOKEN = "tandem.token";

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        Optional<CurrentUser> user = request.getPrincipal() instanceof Authentication authentication
                ? CurrentUser.from(authentication) : Optional.empty();
        if (user.isEmpty()) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return false;
        }
        attributes.put(USER, user.get());
        attributes.put(TOKEN, ((JwtAuthenticationToken) request.getPrincipal()).getToken());
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
    }
}
