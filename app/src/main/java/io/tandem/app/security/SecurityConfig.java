package io.tandem.app.security;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import javax.crypto.SecretKey;

import io.tandem.app.ratelimit.ApiRateLimitFilter;
import io.tandem.app.ops.CorrelationIdFilter;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * A stateless resource server: every request outside the public list needs a valid access token. It also sets the
 * security headers of every answer, the CORS policy, and places the API rate limit right after the token is read.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /** API answers are JSON and never framed or scripted. */
    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    /** Swagger UI loads its own scripts and styles (with inline style attributes) and data: icons. */
    static final String DOCS_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /** The account pages (the mails' links): plain forms posted back to this origin, no script. */
    static final String PAGES_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    static final String[] PAGES = {"/verify-email", "/reset-password"};

    /**
     * The PWA at /app/ (io.tandem.app.web.pwa): its own scripts, styles, worker and manifest, and calls to this
     * origin only ('self' also admits the same host's ws: and wss:, the live socket); icons may be data: URLs.
     */
    static final String APP_CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
            + "frame-ancestors 'none'; base-uri 'self'; form-action 'none'";
    static final String[] APP = {"/app", "/app/**"};

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver,
            JwtDecoder decoder, ApiRateLimitFilter rateLimit, CorsProperties cors) throws Exception {
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers(exceptionResolver);
        RequestMatcher docs = new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**"),
                PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui.html"));
        RequestMatcher pages = new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher(PAGES[0]),
                PathPatternRequestMatcher.withDefaults().matcher(PAGES[1]));
        RequestMatcher app = new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher(APP[0]),
                PathPatternRequestMatcher.withDefaults().matcher(APP[1]));
        http
                .cors(c -> c.configurationSource(corsConfiguration(cors)))
                // Spring Security's defaults stay: nosniff, no-store Cache-Control unless an answer sets its own,
                // and HSTS on secure requests.
                .headers(headers -> headers
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .httpStrictTransportSecurity(hsts -> hsts
                                .maxAgeInSeconds(TimeUnit.DAYS.toSeconds(365)).includeSubDomains(true))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                new NegatedRequestMatcher(new OrRequestMatcher(docs, pages, app)),
                                new StaticHeadersWriter("Content-Security-Policy", API_CSP)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(pages,
                                new StaticHeadersWriter("Content-Security-Policy", PAGES_CSP)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(docs,
                                new StaticHeadersWriter("Content-Security-Policy", DOCS_CSP)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(app,
                                new StaticHeadersWriter("Content-Security-Policy", APP_CSP))))
                .addFilterAfter(rateLimit, BearerTokenAuthenticationFilter.class)
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers(HttpMethod.POST, ApiBearerTokenResolver.TOKENLESS_PATHS.toArray(String[]::new))
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/health", "/ready", "/metrics", "/actuator/health/liveness").permitAll()
                        .requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/error").permitAll()
                        .requestMatchers(PAGES).permitAll()
                        .requestMatchers(APP).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenResolver(new ApiBearerTokenResolver())
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(authenticationConverter())))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems));
        return http.build();
    }

    /**
     * An empty origin list still installs a policy, so that cross-origin requests are refused rather than ignored.
     * The WebSocket handshake is left out: browsers apply no CORS to it, and its origins are the socket's own
     * setting ({@code TANDEM_WS_ALLOWED_ORIGINS}); under this policy a PWA served from another origin could not
     * open the socket at all while {@code TANDEM_CORS_ORIGINS} was empty.
     */
    static CorsConfigurationSource corsConfiguration(CorsProperties properties) {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(properties.origins());
        configuration.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS"));
        configuration.setAllowedHeaders(List.of("Authorization", "Content-Type", "If-Match",
                CorrelationIdFilter.HEADER));
        configuration.setExposedHeaders(List.of("ETag", "Location", "Retry-After", "RateLimit-Limit",
                "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy", CorrelationIdFilter.HEADER));
        // Bearer tokens, never cookies: credentialed requests are not needed.
        configuration.setAllowCredentials(false);
        configuration.setMaxAge(3600L);
        return request -> {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            return path.equals("/ws") || path.startsWith("/ws/") ? null : configuration;
        };
    }

    /** Wrapped, so that other features' {@code SecretKey}s (field encryption...) never collide with this one. */
    record JwtSigningKey(SecretKey value) {
    }

    @Bean
    JwtSigningKey jwtSigningKey(AuthProperties properties) {
        return new JwtSigningKey(JwtSecret.load(properties.jwtSecret(), properties.dataDir()));
    }

    /**
     * HS256 tokens of our issuer whose account is still active and which nobody revoked (logout, erasure). Parsing and the signature check are remembered per
     * token for a few minutes (a client sends the same token with every request); validation runs every time.
     */
    @Bean
    JwtDecoder jwtDecoder(JwtSigningKey key, AccountStatus accounts, RevokedAccess revoked) {
        NimbusJwtDecoder verifier = NimbusJwtDecoder.withSecretKey(key.value())
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        verifier.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
        return new CachingJwtDecoder(verifier, new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(AccessTokens.ISSUER), new LiveAccountValidator(accounts),
                new RevokedTokenValidator(revoked)),
                10_000, Duration.ofMinutes(5));
    }

    @Bean
    JwtEncoder jwtEncoder(JwtSigningKey key) {
        return NimbusJwtEncoder.withSecretKey(key.value()).algorithm(MacAlgorithm.HS256).build();
    }

    /** {@code roles: ["auditor"]} becomes the authority {@code ROLE_AUDITOR}, for {@code hasRole("AUDITOR")}. */
    private static JwtAuthenticationConverter authenticationConverter() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(SecurityConfig::authorities);
        return converter;
    }

    private static Collection<GrantedAuthority> authorities(Jwt jwt) {
        List<String> roles = jwt.hasClaim(AccessTokens.ROLES_CLAIM)
                ? jwt.getClaimAsStringList(AccessTokens.ROLES_CLAIM) : List.of();
        return roles == null ? List.of() : roles.stream()
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role.toUpperCase(Locale.ROOT)))
                .toList();
    }
}
