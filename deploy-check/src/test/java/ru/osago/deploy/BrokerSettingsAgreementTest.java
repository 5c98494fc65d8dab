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
 * The broker is configured in two places: artemis/broker.properties (run.sh, docker-compose) and the Kubernetes
 * broker's brokerProperties (deploy/k8s/broker.yaml, which adds its cluster's own). A setting added to one and
 * forgotten in the other would make the two deployments behave differently, e.g. leave one with unbounded
 * message groups.
 */
class BrokerSettingsAgreementTest {

    @Test
    void everySettingOfTheLocalBrokerIsTheKubernetesBrokersToo() throws IOException {
        Properties local = new Properties();
        local.load(new StringReader(Repo.read(Repo.path("artemis/broker.properties"))));
        List<String> kubernetes = new ArrayList<>();
        for (JsonNode line : Repo.yaml(Repo.path("deploy/k8s/broker.yaml")).at("/spec/brokerProperties")) {
            kubernetes.add(line.asString());
        }

        assertThat(local).isNotEmpty();
        local.forEach((key, value) -> assertThat(kubernetes).as("deploy/k8s/broker.yaml").contains(key + "=" + value));
    }
}
