package ru.osago.deploy;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docker-compose.yml, which no development machine can run (no Docker engine): valid against the Compose
 * specification's JSON schema, and the same topology as {@code ./run.sh --instances 2} with official images.
 */
class ComposeFileTest {

    private static final Path COMPOSE = Repo.path("docker-compose.yml");
    /**
     * compose-spec's compose_spec.json as the npm package dclint ships it (schemas/compose.schema.json),
     * installed by .ci/run with npm ci; not in the repository.
     */
    private static final Path SCHEMA = Repo.path("deploy-check/src/test/compose-schema/node_modules/dclint/schemas/compose.schema.json");
    private static final Pattern SERVER_PORT = Pattern.compile("--server\\.port=(\\d+)");

    private final JsonNode compose = Repo.yaml(COMPOSE);
    private final JsonNode services = compose.path("services");

    @Test
    void isValidAgainstTheComposeSpecificationSchema() throws Exception {
        assumeTrue(Files.isRegularFile(SCHEMA), "The Compose specification's JSON schema is not installed, so "
                + "docker-compose.yml is checked for its structure only. Install it with: "
                + "(cd deploy-check/src/test/compose-schema && npm ci)   (.ci/run does)");
        Schema schema = composeSchema();
        List<Error> errors = schema.validate(Repo.read(COMPOSE), InputFormat.YAML);
        assertThat(errors).as("docker-compose.yml against compose-spec's schema").isEmpty();
    }

    @Test
    void schemaCheckWouldCatchAMistake() throws Exception {
        assumeTrue(Files.isRegularFile(SCHEMA), "no schema installed (see isValidAgainstTheComposeSpecificationSchema)");
        Schema schema = composeSchema();
        String misspelt = Repo.read(COMPOSE).replace("    depends_on:", "    depend_on:");
        assertThat(schema.validate(misspelt, InputFormat.YAML)).isNotEmpty();
    }

    @Test
    void hasTwoInstancesOfEachAppBehindNginxAndOfficialImagesOnly() {
        Set<String> names = new LinkedHashSet<>(services.propertyNames());
        assertThat(names).containsExactlyInAnyOrder("postgres", "artemis", "stubs",
                "aggregator-1", "aggregator-2", "core-app-1", "core-app-2", "nginx");
        Map<String, String> images = new HashMap<>();
        names.forEach(name -> images.put(name, services.path(name).path("image").asString()));
        assertThat(images.get("postgres")).startsWith("postgres:");
        assertThat(images.get("artemis")).startsWith("apache/activemq-artemis:");
        assertThat(images.get("nginx")).startsWith("nginx:");
        for (String app : List.of("stubs", "aggregator-1", "aggregator-2", "core-app-1", "core-app-2")) {
            assertThat(images.get(app)).as(app).startsWith("eclipse-temurin:");
        }
        // only nginx faces the host's 8080: the instances are reached through it
        assertThat(services.path("nginx").path("ports").toString()).contains("8080:8080");
        names.stream().filter(n -> !n.equals("nginx")).forEach(n ->
                assertThat(services.path(n).path("ports").toString()).as(n).doesNotContain("8080:"));
    }

    @Test
    void nginxSendsToEveryInstanceOnItsOwnPortAndItsTemplateHasNoOtherVariable() {
        JsonNode nginx = services.path("nginx");
        assertThat(nginx.path("volumes").get(0).asString())
                .isEqualTo("./deploy/nginx/osago.conf:/etc/nginx/templates/osago.conf.template:ro");
        Map<String, String> upstreams = new HashMap<>();
        nginx.path("environment").properties().forEach(e -> upstreams.put(e.getKey(), e.getValue().asString()));

        Map<String, String> expected = Map.of("AGGREGATOR_1", "aggregator-1", "AGGREGATOR_2", "aggregator-2",
                "CORE_APP_1", "core-app-1", "CORE_APP_2", "core-app-2");
        assertThat(upstreams).containsOnlyKeys(expected.keySet());
        expected.forEach((variable, service) -> {
            JsonNode app = services.path(service);
            assertThat(app.path("network_mode").asString()).as(service).isEqualTo("service:stubs");
            String port = port(app);
            assertThat(upstreams.get(variable)).as(variable).isEqualTo("stubs:" + port);
            assertThat(app.path("healthcheck").path("test").toString()).as(service + " healthcheck")
                    .contains("http://127.0.0.1:" + port + "/actuator/health/readiness");
            assertThat(app.path("stop_grace_period").asString()).as(service).isEqualTo("30s");
            assertThat(nginx.path("depends_on").has(service)).as("nginx depends_on " + service).isTrue();
        });
        assertThat(placeholders(Repo.read(Repo.path("deploy/nginx/osago.conf")))).isEqualTo(upstreams.keySet());
    }

    @Test
    void everyServiceItDependsOnIsThereAndEveryMountedFileOfTheRepositoryExists() {
        services.properties().forEach(service -> {
            service.getValue().path("depends_on").propertyNames().forEach(dependency ->
                    assertThat(services.has(dependency)).as(service.getKey() + " depends_on " + dependency).isTrue());
            for (JsonNode volume : service.getValue().path("volumes")) {
                String source = volume.asString().split(":")[0];
                if (!source.startsWith("./")) {
                    assertThat(compose.path("volumes").has(source)).as("named volume " + source).isTrue();
                } else if (source.contains("/target/")) {
                    // a built jar: its module must exist
                    assertThat(Repo.path(source.substring(2, source.indexOf("/target/")) + "/pom.xml")).isRegularFile();
                } else {
                    assertThat(Repo.path(source.substring(2))).as(service.getKey() + " mounts " + source).exists();
                }
            }
        });
    }

    /** The schema's $id is relative ("compose_spec.json"): it is read with its file's location as the base. */
    private static Schema composeSchema() throws Exception {
        try (InputStream in = Files.newInputStream(SCHEMA)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                    .getSchema(SchemaLocation.of(SCHEMA.toUri().toString()), in, InputFormat.JSON);
        }
    }

    private static String port(JsonNode service) {
        Matcher matcher = SERVER_PORT.matcher(service.path("command").toString());
        assertThat(matcher.find()).as("--server.port in " + service.path("command")).isTrue();
        return matcher.group(1);
    }

    /** ${NAME} placeholders of a template. */
    static Set<String> placeholders(String template) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
