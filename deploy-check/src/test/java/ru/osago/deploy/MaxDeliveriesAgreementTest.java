package ru.osago.deploy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The apps dead-letter a message themselves, with a reason, on the broker's last delivery; so their
 * max-deliveries must be the broker's maxDeliveryAttempts, wherever the broker is configured: run.sh's and
 * docker-compose's (artemis/broker.properties) and Kubernetes' (deploy/k8s/broker.yaml). If the apps' number
 * were higher the broker would dead-letter without a reason first; if lower, the apps would give up early.
 */
class MaxDeliveriesAgreementTest {

    private static final String RQ = "addressSettings.\"rq.queue\".maxDeliveryAttempts";
    private static final String RS = "addressSettings.\"rs.queue\".maxDeliveryAttempts";

    @Test
    void theAggregatorsLastDeliveryOfRqQueueIsTheBrokersEverywhere() throws IOException {
        int configured = Repo.applicationYml("routes").at("/osago/intake/max-deliveries").asInt(-1);

        assertThat(configured).isPositive();
        assertThat(brokerProperties().getProperty(RQ)).isEqualTo(Integer.toString(configured));
        assertThat(kubernetesBrokerProperties()).contains(RQ + "=" + configured);
    }

    @Test
    void coreAppsLastDeliveryOfRsQueueIsTheBrokersEverywhere() throws IOException {
        int configured = Repo.applicationYml("core-app").at("/osago/core/jms/max-deliveries").asInt(-1);

        assertThat(configured).isPositive();
        assertThat(brokerProperties().getProperty(RS)).isEqualTo(Integer.toString(configured));
        assertThat(kubernetesBrokerProperties()).contains(RS + "=" + configured);
    }

    private static Properties brokerProperties() throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Repo.read(Repo.path("artemis/broker.properties"))));
        return properties;
    }

    private static List<String> kubernetesBrokerProperties() {
        List<String> lines = new ArrayList<>();
        for (JsonNode line : Repo.yaml(Repo.path("deploy/k8s/broker.yaml")).at("/spec/brokerProperties")) {
            lines.add(line.asString());
        }
        return lines;
    }
}
