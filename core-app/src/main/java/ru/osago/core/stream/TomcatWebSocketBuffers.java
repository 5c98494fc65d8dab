package ru.osago.core.stream;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Sizes the three buffers Tomcat gives every WebSocket session when it opens (frames read, frames written, text
 * encoded; 8 KiB each by default) to {@code osago.core.stream.websocket-buffer-bytes}. Tomcat takes that size only
 * from a system property, read once when its WebSocket classes load, so it is set as soon as the configuration is
 * read, before the web server starts (registered in {@code META-INF/spring.factories}). An event larger than the
 * buffers still arrives whole: Tomcat sends it as several frames of one message.
 */
public class TomcatWebSocketBuffers implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    /** The system property Tomcat reads ({@code org.apache.tomcat.websocket.Constants}). */
    private static final String TOMCAT_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";
    private static final String SETTING = "osago.core.stream.websocket-buffer-bytes";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        Integer bytes = event.getEnvironment().getProperty(SETTING, Integer.class);
        if (bytes != null) {
            System.setProperty(TOMCAT_PROPERTY, Integer.toString(bytes));
        }
    }
}
