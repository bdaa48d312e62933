package io.tandem.app.security;

import io.tandem.app.ratelimit.ApiRateLimitFilter;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The operator's endpoints ({@code /api/v1/operator/**}) take the configured operator token and nothing else: a
 * user's access token, whatever its roles, is refused there, and the operator token is refused everywhere else
 * (the API's chain only accepts signed access tokens). Requests count against the per-IP API limit, which keeps
 * the token from being guessed.
 */
@Configuration(proxyBeanMethods = false)
class OperatorSecurityConfig {

    static final String PATHS = "/api/v1/operator/**";

    @Bean
    @Order(1)
    SecurityFilterChain operatorSecurity(HttpSecurity http, OperatorProperties properties,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver,
            ApiRateLimitFilter rateLimit) throws Exception {
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers(exceptionResolver);
        http
                .securityMatcher(PATHS)
                .addFilterAfter(rateLimit, BearerTokenAuthenticationFilter.class)
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(authorize -> authorize
                        .anyRequest().hasAuthority(OperatorTokenIntrospector.OPERATOR_ROLE))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        .opaqueToken(opaque -> opaque.introspector(new OperatorTokenIntrospector(properties))))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems));
        return http.build();
    }
}
