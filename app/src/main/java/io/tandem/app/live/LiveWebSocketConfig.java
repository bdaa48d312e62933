package io.tandem.app.live;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** Plain WebSocket (no STOMP) at {@code /ws}, JSON frames {@code {type, payload}}. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class LiveWebSocketConfig implements WebSocketConfigurer {

    static final String PATH = "/ws";

    private final LiveSocketHandler handler;
    private final LiveProperties properties;

    LiveWebSocketConfig(LiveSocketHandler handler, LiveProperties properties) {
        this.handler = handler;
        this.properties = properties;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, PATH)
                .addInterceptors(new TokenHandshakeInterceptor())
                .setAllowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new));
    }

    /** Client frames are small; a larger one closes the connection (1009) instead of being buffered. */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer(LiveProperties properties) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        int max = (int) properties.maxFrameSize().toBytes();
        container.setMaxTextMessageBufferSize(max);
        container.setMaxBinaryMessageBufferSize(max);
        return container;
    }
}
