package ru.osago.aggregator.config;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which aggregator instance did something: stored with each accepted request and each audited insurer
 * call, so operators (and the two-instance test) can see how the work was shared. {@code osago.instance-id},
 * else host name and process id.
 */
@Component
public class InstanceId {

    private final String id;

    InstanceId(@Value("${osago.instance-id:}") String configured) {
        this.id = configured.isBlank() ? hostName() + "-" + ProcessHandle.current().pid() : configured;
    }

    public String id() {
        return id;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "aggregator";
        }
    }
}
