package ru.osago.core;

import org.apache.activemq.artemis.core.server.JournalType;
import org.springframework.boot.artemis.autoconfigure.ArtemisConfigurationCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The embedded test broker keeps nothing on disk, so it needs no libaio: with the NIO journal it does not
 * load the native library at all (JDK 24+ warns about every native load from an unnamed module).
 */
@TestConfiguration(proxyBeanMethods = false)
class TestBrokerJournal {

    @Bean
    ArtemisConfigurationCustomizer nioJournal() {
        return configuration -> configuration.setJournalType(JournalType.NIO);
    }
}
