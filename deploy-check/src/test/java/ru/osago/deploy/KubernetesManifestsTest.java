package ru.osago.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s/ rendered and checked offline, without a cluster or kubectl: the kustomization's files exist
 * and each parses into the Kubernetes model (fabric8) with no unknown key; the operators' resources have
 * the expected apiVersion and kind; probes, ports and the shutdown time agree with the apps'
 * application.yml; the insurer ConfigMap lists every insurer file; credentials come from Secrets.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Repo.path("deploy/k8s");
    /** app module → its Deployment's name. */
    private static final Map<String, String> APPS = Map.of("routes", "osago-aggregator", "core-app", "osago-core-app");

    private static JsonNode kustomization;
    /** every resource of the kustomization, by its path in it */
    private static final Map<String, HasMetadata> RESOURCES = new LinkedHashMap<>();

    @BeforeAll
    static void render() {
        kustomization = Repo.yaml(K8S.resolve("kustomization.yaml"));
        for (JsonNode entry : kustomization.path("resources")) {
            Path file = K8S.resolve(entry.asString());
            assertThat(file).as("kustomization resources: entry").isRegularFile();
            RESOURCES.put(entry.asString(), Serialization.unmarshal(Repo.read(file)));
        }
    }

    @Test
    void kustomizationIsOfTheKustomizeApiAndListsEveryManifestInTheFolder() throws Exception {
        assertThat(kustomization.path("apiVersion").asString()).isEqualTo("kustomize.config.k8s.io/v1beta1");
        assertThat(kustomization.path("kind").asString()).isEqualTo("Kustomization");
        try (Stream<Path> files = Files.walk(K8S)) {
            Set<String> manifests = files.filter(Files::isRegularFile)
                    .map(f -> K8S.relativize(f).toString())
                    .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml"))
                    .collect(Collectors.toSet());
            assertThat(RESOURCES.keySet()).as("a manifest not in resources: is never applied")
                    .containsExactlyInAnyOrderElementsOf(manifests);
        }
    }

    @Test
    void everyResourceParsesIntoTheModelWithNameKindAndNoUnknownKey() {
        RESOURCES.forEach((file, resource) -> {
            assertThat(resource.getApiVersion()).as(file).isNotBlank();
            assertThat(resource.getKind()).as(file).isNotBlank();
            assertThat(resource.getMetadata().getName()).as(file).isNotBlank();
            if (!(resource instanceof GenericKubernetesResource)) {
                assertThat(UnknownFields.in(resource)).as("keys the model does not know in " + file).isEmpty();
            }
        });
    }

    @Test
    void operatorsResourcesAndTheRouteHaveTheirApiVersionAndKind() {
        Map<String, String> kinds = RESOURCES.values().stream()
                .collect(Collectors.toMap(HasMetadata::getKind, HasMetadata::getApiVersion, (a, b) -> a));
        assertThat(kinds).containsEntry("ActiveMQArtemis", "broker.amq.io/v1beta1")
                .containsEntry("Cluster", "postgresql.cnpg.io/v1")
                .containsEntry("HTTPRoute", "gateway.networking.k8s.io/v1")
                .containsEntry("Deployment", "apps/v1")
                .containsEntry("HorizontalPodAutoscaler", "autoscaling/v2")
                .containsEntry("PodDisruptionBudget", "policy/v1");
        assertThat(one(HTTPRoute.class, "osago-core-app")).isInstanceOf(HTTPRoute.class);
    }

    @Test
    void brokerAndDatabaseAreTheOnesTheAppsConnectTo() {
        GenericKubernetesResource broker = (GenericKubernetesResource) byKind("ActiveMQArtemis").getFirst();
        GenericKubernetesResource db = (GenericKubernetesResource) byKind("Cluster").getFirst();
        assertThat(broker.<Boolean>get("spec", "deploymentPlan", "persistenceEnabled")).isTrue();
        assertThat(broker.<List<Map<String, Object>>>get("spec", "acceptors"))
                .anySatisfy(a -> assertThat(a).containsEntry("port", 61616));
        assertThat(broker.<List<String>>get("spec", "brokerProperties"))
                .contains("addressSettings.\"rq.queue\".deadLetterAddress=rq.dlq",
                        "addressSettings.\"rs.queue\".deadLetterAddress=rs.dlq");
        assertThat(db.<Integer>get("spec", "instances")).isGreaterThanOrEqualTo(2);
        String dbName = db.get("spec", "bootstrap", "initdb", "database");

        for (String deployment : APPS.values()) {
            Map<String, EnvVar> env = env(container(deployment));
            assertThat(env.get("SPRING_DATASOURCE_URL").getValue())
                    .startsWith("jdbc:postgresql://" + db.getMetadata().getName() + "-rw:5432/" + dbName);
            assertThat(env.get("SPRING_ARTEMIS_BROKER_URL").getValue())
                    .contains(broker.getMetadata().getName() + "-ss-0." + broker.getMetadata().getName() + "-hdls-svc:61616");
            assertThat(env.get("SPRING_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo(db.getMetadata().getName() + "-app");
            assertThat(env.get("SPRING_ARTEMIS_PASSWORD").getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo(broker.getMetadata().getName() + "-credentials-secret");
        }
    }

    @Test
    void probesAreTheAppsHealthGroupsOnTheirPortAndNotTheBreakers() {
        APPS.forEach((module, deployment) -> {
            JsonNode app = Repo.applicationYml(module);
            int port = app.path("server").path("port").asInt();
            JsonNode health = app.path("management").path("endpoint").path("health");
            assertThat(health.path("probes").path("enabled").asBoolean()).as(module + " probes.enabled").isTrue();
            for (String group : List.of("liveness", "readiness")) {
                String include = health.path("group").path(group).path("include").asString();
                // only the application's own availability state: a breaker, the database or the broker
                // going down must not restart pods or take every pod out at once
                assertThat(include).as(module + " health group " + group).isEqualTo(group + "State");
            }

            Container container = container(deployment);
            assertThat(container.getPorts()).anySatisfy(p -> {
                assertThat(p.getContainerPort()).isEqualTo(port);
                assertThat(p.getName()).isEqualTo("http");
            });
            assertProbe(container.getLivenessProbe(), "/actuator/health/liveness", deployment);
            assertProbe(container.getStartupProbe(), "/actuator/health/liveness", deployment);
            assertProbe(container.getReadinessProbe(), "/actuator/health/readiness", deployment);

            Service service = one(Service.class, deployment);
            assertThat(service.getSpec().getSelector()).isEqualTo(podLabels(deployment));
            assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getPort()).isEqualTo(port);
                assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
            });
        });
    }

    /** The apps stop within this long of SIGTERM (GracefulShutdownIT asserts it on real processes). */
    private static final Duration STOP_WITHIN = Duration.ofSeconds(20);

    @Test
    void podsGetLongerToStopThanTheAppsGracefulShutdown() {
        APPS.forEach((module, deployment) -> {
            JsonNode app = Repo.applicationYml(module);
            Duration phase = Duration.parse("PT" + app.path("spring").path("lifecycle")
                    .path("timeout-per-shutdown-phase").asString().toUpperCase());
            // each shutdown phase is bounded well inside the 20 s the apps stop within (GracefulShutdownIT)
            assertThat(phase).as(module).isPositive().isLessThanOrEqualTo(STOP_WITHIN);
            assertThat(app.path("server").path("shutdown").asString()).as(module).isEqualTo("graceful");

            Deployment d = one(Deployment.class, deployment);
            Container container = container(deployment);
            long preStop = container.getLifecycle().getPreStop().getSleep().getSeconds();
            assertThat(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                    .as(deployment + ": preStop sleep + the app's whole stop, with room")
                    .isGreaterThan(preStop + STOP_WITHIN.toSeconds());
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).containsKey("memory");
        });
    }

    @Test
    void aggregatorGetsTheHeapAndCollectorItWasMeasuredWithAndRoomBesideIt() {
        Container container = container("osago-aggregator");
        String options = env(container).get("JAVA_TOOL_OPTIONS").getValue();
        Matcher percent = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(options);
        assertThat(percent.find()).as(options).isTrue();
        long limitMib = container.getResources().getLimits().get("memory").getNumericalAmount()
                .longValue() / (1024 * 1024);
        long heapMib = limitMib * Long.parseLong(percent.group(1)) / 100;
        // the benchmarks ran it at -Xmx1g; metaspace, threads, buffers and ZGC's own structures need the rest
        assertThat(heapMib).as("heap, MiB").isGreaterThanOrEqualTo(1000);
        assertThat(limitMib - heapMib).as("room beside the heap, MiB").isGreaterThanOrEqualTo(384);
        assertThat(options).contains("-XX:+UseZGC");
    }

    @Test
    void autoscalersAndDisruptionBudgetsCoverBothApps() {
        for (String deployment : APPS.values()) {
            HorizontalPodAutoscaler hpa = one(HorizontalPodAutoscaler.class, deployment);
            assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
            assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment);
            assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
            assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());

            PodDisruptionBudget pdb = one(PodDisruptionBudget.class, deployment);
            assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(podLabels(deployment));
            assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isPositive()
                    .isLessThan(hpa.getSpec().getMinReplicas());
        }
    }

    @Test
    void routeSendsTheStreamsAndThePageToCoreAppsService() {
        HTTPRoute route = one(HTTPRoute.class, "osago-core-app");
        Service coreApp = one(Service.class, "osago-core-app");
        assertThat(route.getSpec().getParentRefs()).isNotEmpty();
        assertThat(route.getSpec().getRules()).isNotEmpty().allSatisfy(rule ->
                assertThat(rule.getBackendRefs()).singleElement().satisfies(ref -> {
                    assertThat(ref.getName()).isEqualTo(coreApp.getMetadata().getName());
                    assertThat(ref.getPort()).isEqualTo(coreApp.getSpec().getPorts().getFirst().getPort());
                }));
        // the WebSocket and SSE streams: no request timeout cutting a stream short
        assertThat(route.getSpec().getRules()).anySatisfy(rule -> {
            assertThat(rule.getMatches().getFirst().getPath().getValue()).isEqualTo("/api/osago/requests");
            assertThat(rule.getTimeouts().getRequest()).isEqualTo("0s");
        });
    }

    @Test
    void insurerConfigMapListsEveryInsurerFileAndIsMountedWhereTheAggregatorReadsThem() {
        List<String> listed = new ArrayList<>();
        JsonNode routesMap = null;
        for (JsonNode generator : kustomization.path("configMapGenerator")) {
            if (generator.path("name").asString().equals("osago-insurers")) {
                for (JsonNode file : generator.path("files")) {
                    Path path = K8S.resolve(file.asString()).normalize();
                    assertThat(path).isRegularFile();
                    assertThat(path.getParent()).isEqualTo(Repo.path("route-config-yaml/insurers"));
                    listed.add(path.getFileName().toString());
                }
            }
            if (generator.path("name").asString().equals("osago-routes")) {
                routesMap = generator;
            }
        }
        assertThat(listed).as("configMapGenerator osago-insurers: every file of route-config-yaml/insurers/")
                .containsExactlyInAnyOrderElementsOf(Repo.yamlFiles(Repo.path("route-config-yaml/insurers")));
        assertThat(routesMap).as("configMapGenerator osago-routes").isNotNull();
        assertThat(routesMap.path("files").get(0).asString()).endsWith("route-config-yaml/routes/insurer-call.camel.yaml");

        Deployment aggregator = one(Deployment.class, "osago-aggregator");
        Container container = container("osago-aggregator");
        String configDir = env(container).get("OSAGO_CONFIG_DIR").getValue();
        Map<String, String> mounts = container.getVolumeMounts().stream()
                .collect(Collectors.toMap(m -> m.getName(), m -> m.getMountPath()));
        Map<String, String> volumes = aggregator.getSpec().getTemplate().getSpec().getVolumes().stream()
                .collect(Collectors.toMap(v -> v.getName(), v -> v.getConfigMap().getName()));
        assertThat(volumes).containsEntry("insurers", "osago-insurers").containsEntry("routes", "osago-routes");
        // application.yml: insurers-dir is ${osago.config-dir}/insurers, the routes ${osago.config-dir}/routes/*.camel.yaml
        assertThat(mounts).containsEntry("insurers", configDir + "/insurers").containsEntry("routes", configDir + "/routes");
        assertThat(Repo.applicationYml("routes").path("osago").path("insurers-dir").asString())
                .isEqualTo("${osago.config-dir}/insurers");
    }

    @Test
    void credentialsComeFromSecretsNeverFromTheManifests() {
        for (String deployment : APPS.values()) {
            env(container(deployment)).forEach((name, variable) -> {
                if (name.matches(".*(PASSWORD|SECRET|TOKEN|USER|KEY).*") && !name.equals("JAVA_TOOL_OPTIONS")) {
                    assertThat(variable.getValue()).as(deployment + " " + name + " has a literal value").isNull();
                    assertThat(variable.getValueFrom().getSecretKeyRef()).as(deployment + " " + name).isNotNull();
                }
            });
        }
        assertThat(RESOURCES.values()).noneMatch(r -> r.getKind().equals("Secret"));
    }

    @Test
    void operatorsSignInWithTheOperatorsSecretUnderTheVariablesBothAppsRead() {
        for (String module : APPS.keySet()) {
            Map<String, EnvVar> env = env(container(APPS.get(module)));
            String applicationYml = Repo.read(Repo.path(module + "/src/main/resources/application.yml"));
            for (String name : List.of("OSAGO_OPERATOR_READ_USER", "OSAGO_OPERATOR_READ_PASSWORD",
                    "OSAGO_OPERATOR_CONTROL_USER", "OSAGO_OPERATOR_CONTROL_PASSWORD")) {
                assertThat(env).as(APPS.get(module) + " sets " + name).containsKey(name);
                assertThat(env.get(name).getValueFrom().getSecretKeyRef().getName()).as(name).isEqualTo("osago-operators");
                assertThat(applicationYml).as(module + " reads " + name).contains("${" + name + ":");
            }
        }
    }

    private static void assertProbe(Probe probe, String path, String deployment) {
        assertThat(probe).as(deployment + " probe " + path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(deployment).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as(deployment).isEqualTo("http");
    }

    private static List<HasMetadata> byKind(String kind) {
        return RESOURCES.values().stream().filter(r -> r.getKind().equals(kind)).toList();
    }

    private static <T extends HasMetadata> T one(Class<T> type, String name) {
        List<T> found = RESOURCES.values().stream().filter(type::isInstance).map(type::cast)
                .filter(r -> r.getMetadata().getName().equals(name)).toList();
        assertThat(found).as(type.getSimpleName() + " " + name).hasSize(1);
        return found.getFirst();
    }

    private static Container container(String deployment) {
        List<Container> containers = one(Deployment.class, deployment).getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).as(deployment).hasSize(1);
        return containers.getFirst();
    }

    private static Map<String, EnvVar> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    }

    private static Map<String, String> podLabels(String deployment) {
        Deployment d = one(Deployment.class, deployment);
        assertThat(d.getSpec().getSelector().getMatchLabels()).isEqualTo(d.getSpec().getTemplate().getMetadata().getLabels());
        return d.getSpec().getTemplate().getMetadata().getLabels();
    }
}
