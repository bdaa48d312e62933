package io.tandem.app.ratelimit;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;

/** The API limiter is a bean for the security chain to place; it must not also run as a plain servlet filter. */
@Configuration(proxyBeanMethods = false)
class RateLimitFilterConfig {

    @Bean
    ApiRateLimitFilter apiRateLimitFilter(RedisBuckets buckets, RateLimitProperties properties,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        return new ApiRateLimitFilter(buckets, properties, problems);
    }

    @Bean
    FilterRegistrationBean<ApiRateLimitFilter> apiRateLimitFilterRegistration(ApiRateLimitFilter filter) {
        FilterRegistrationBean<ApiRateLimitFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }
}
