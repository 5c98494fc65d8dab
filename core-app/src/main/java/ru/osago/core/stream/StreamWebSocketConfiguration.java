package ru.osago.core.stream;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistration;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

import java.util.List;

/**
 * {@code /api/osago/requests/{id}/stream}: token checked in the handshake; Origin must be the page's own
 * host or one of {@code osago.core.stream.allowed-origins} (Spring's origin check answers 403 otherwise).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class StreamWebSocketConfiguration implements WebSocketConfigurer {

    static final String STREAM_PATH = "/api/osago/requests/*/stream";

    private final QuoteStreamHandler handler;
    private final StreamTokenInterceptor tokenInterceptor;
    private final List<String> allowedOrigins;

    StreamWebSocketConfiguration(QuoteStreamHandler handler, StreamTokenInterceptor tokenInterceptor,
                                 @Value("${osago.core.stream.allowed-origins:}") List<String> allowedOrigins) {
        this.handler = handler;
        this.tokenInterceptor = tokenInterceptor;
        this.allowedOrigins = allowedOrigins.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * The stream is one-way, so a session needs little room for a browser's messages. Tomcat gives each session a
     * buffer of this size for each kind up front (by default 8 KiB for binary and 8,192 chars, 16 KiB, for text):
     * with 9,000 idle streams open, that was over a quarter of core-app's heap. A larger message closes the stream
     * with 1009.
     */
    @Bean
    ServletServerContainerFactoryBean streamContainer(@Value("${osago.core.stream.incoming-message-bytes}") int bytes) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(bytes);
        container.setMaxBinaryMessageBufferSize(bytes);
        return container;
    }

    /**
     * Every connection gets a read and a write buffer of this size when it opens (Tomcat's default is 8 KiB each), and
     * an open stream keeps its connection, so it keeps them too. The API's requests and answers are a few KiB; a larger
     * one takes more reads or writes, not more memory. The session's own frame buffers are sized before Tomcat starts,
     * by {@link TomcatWebSocketBuffers}.
     */
    @Bean
    TomcatConnectorCustomizer connectionBufferSize(@Value("${osago.core.connection-buffer-bytes}") int bytes) {
        return connector -> {
            for (String property : new String[] {"socket.appReadBufSize", "socket.appWriteBufSize"}) {
                if (!connector.setProperty(property, Integer.toString(bytes))) {
                    throw new IllegalStateException("Tomcat's connector has no " + property);
                }
            }
        };
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        WebSocketHandlerRegistration registration = registry.addHandler(handler, STREAM_PATH)
                .addInterceptors(tokenInterceptor);
        if (!allowedOrigins.isEmpty()) {
            registration.setAllowedOriginPatterns(allowedOrigins.toArray(String[]::new));
        }
    }
}
