package io.tandem.app.security;

import io.tandem.app.problem.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Answers 401 and 403 from the security filters with the same problem details as every other error: the refusal is
 * handed to MVC's exception resolver, so {@code ProblemHandler} renders it exactly as it renders controller errors.
 */
final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final HandlerExceptionResolver resolver;

    ProblemSecurityHandlers(HandlerExceptionResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) {
        boolean tokenRejected = e instanceof OAuth2AuthenticationException;
        String challenge = tokenRejected ? "Bearer error=\"invalid_token\"" : "Bearer";
        String detail = tokenRejected ? "The access token is invalid or expired" : "An access token is required";
        resolver.resolveException(request, response, null,
                ApiException.unauthorized(detail).header(HttpHeaders.WWW_AUTHENTICATE, challenge));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) {
        resolver.resolveException(request, response, null,
                ApiException.forbidden("You are not allowed to do this")
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\""));
    }
}
