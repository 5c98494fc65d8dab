package ru.osago.core.stream;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sizes the read and write buffers Tomcat gives every connection when it opens (8 KiB each by default) to
 * {@code osago.core.connection-buffer-bytes}. An open stream keeps its connection, and with it these buffers, for as
 * long as the browser stays; the API's requests and answers are a few KiB, and a larger one takes more reads or
 * writes, not more memory.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionBuffers {

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
}
