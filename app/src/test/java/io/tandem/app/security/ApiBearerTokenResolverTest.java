package io.tandem.app.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ApiBearerTokenResolverTest {

    private final ApiBearerTokenResolver resolver = new ApiBearerTokenResolver();

    @Test
    void theQueryParameterIsAcceptedOnTheWebSocketPath() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws");
        request.setParameter("token", "abc");

        assertThat(resolver.resolve(request)).isEqualTo("abc");
    }

    @Test
    void theQueryParameterIsIgnoredEverywhereElse() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/auth/me");
        request.setParameter("token", "abc");
        MockHttpServletRequest nested = new MockHttpServletRequest("GET", "/ws/other");
        nested.setParameter("token", "abc");

        assertThat(resolver.resolve(request)).isNull();
        assertThat(resolver.resolve(nested)).isNull();
    }

    @Test
    void theHeaderWorksEverywhereAndWinsOnTheWebSocketPath() {
        MockHttpServletRequest api = new MockHttpServletRequest("GET", "/api/v1/workspaces");
        api.addHeader("Authorization", "Bearer header-token");
        MockHttpServletRequest ws = new MockHttpServletRequest("GET", "/ws");
        ws.addHeader("Authorization", "Bearer header-token");
        ws.setParameter("token", "query-token");

        assertThat(resolver.resolve(api)).isEqualTo("header-token");
        assertThat(resolver.resolve(ws)).isEqualTo("header-token");
    }

    @Test
    void thePublicAuthEndpointsIgnoreAnyToken() {
        MockHttpServletRequest refresh = new MockHttpServletRequest("POST", "/api/v1/auth/refresh");
        refresh.addHeader("Authorization", "Bearer stale");

        assertThat(resolver.resolve(refresh)).isNull();
    }
}
