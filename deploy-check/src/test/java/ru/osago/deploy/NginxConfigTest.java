package ru.osago.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * deploy/nginx/: what the balancer must do for the streams (WebSocket upgrade, SSE unbuffered, no sticky
 * sessions), and {@code nginx -t} on the configuration rendered as run.sh renders it, where nginx exists.
 */
class NginxConfigTest {

    private static final String OSAGO_CONF = Repo.read(Repo.path("deploy/nginx/osago.conf"));
    private static final String LOCAL_CONF = Repo.read(Repo.path("deploy/nginx/local.conf"));

    @Test
    void passesWebSocketUpgradesAndDoesNotBufferServerSentEvents() {
        assertThat(OSAGO_CONF).contains("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
                "proxy_set_header Connection $osago_connection;", "proxy_buffering off;",
                "proxy_pass http://osago_core_app;", "proxy_pass http://osago_aggregator;");
    }

    @Test
    void hasNoStickySessions() {
        assertThat(OSAGO_CONF.lines().map(String::strip).filter(l -> !l.startsWith("#")))
                .noneMatch(l -> l.startsWith("ip_hash") || l.startsWith("hash ") || l.startsWith("sticky"));
    }

    @Test
    void runShFillsEveryPlaceholder() {
        String runSh = Repo.read(Repo.path("run.sh"));
        for (String name : ComposeFileTest.placeholders(OSAGO_CONF + LOCAL_CONF)) {
            assertThat(runSh).as("run.sh renders ${" + name + "}").contains("s|\\${" + name + "}|");
        }
    }

    @Test
    void nginxAcceptsTheRenderedConfiguration(@TempDir Path runDir) throws Exception {
        Optional<Path> nginx = Stream.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx",
                "/opt/homebrew/bin/nginx", "/usr/local/bin/nginx").map(Path::of).filter(Files::isExecutable).findFirst();
        assumeTrue(nginx.isPresent(), "nginx is not installed, so `nginx -t` is skipped "
                + "(Debian/Ubuntu: apt-get install -y nginx; .ci/run installs it)");
        Path dir = Files.createDirectories(runDir.resolve("nginx"));
        Files.createDirectories(runDir.resolve("logs"));
        Files.writeString(dir.resolve("local.conf"), LOCAL_CONF.replace("${RUN_DIR}", runDir.toString()));
        String osago = OSAGO_CONF;
        for (Map.Entry<String, String> upstream : Map.of("CORE_APP_1", "127.0.0.1:8180", "CORE_APP_2", "127.0.0.1:8181",
                "AGGREGATOR_1", "127.0.0.1:8081", "AGGREGATOR_2", "127.0.0.1:8082").entrySet()) {
            osago = osago.replace("${" + upstream.getKey() + "}", upstream.getValue());
        }
        Files.writeString(dir.resolve("osago.conf"), osago);

        Process test = new ProcessBuilder(List.of(nginx.get().toString(), "-t", "-p", dir + "/", "-c", dir.resolve("local.conf").toString(),
                "-e", runDir.resolve("logs/nginx-error.log").toString())).redirectErrorStream(true).start();
        String output = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(test.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(test.exitValue()).as(output).isZero();
        assertThat(output).contains("test is successful");
    }
}
