package ru.osago.aggregator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import ru.osago.aggregator.support.AggregatorTestSupport;
import ru.osago.aggregator.support.CoreAppProcess;
import ru.osago.aggregator.support.TestDatabase;
import ru.osago.stubs.Dialect;
import ru.osago.stubs.InsurerStubs;
import ru.osago.stubs.StubConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * core-app's page in a real headless Chromium (Debian's {@code /usr/bin/chromium}, driven by playwright-core from
 * {@code core-app/src/test/browser/quote-page.test.js}) against the real system, set up as in
 * {@link QuoteEndToEndIT}: core-app's jar as a process, this JVM's aggregator, the broker and the stub insurers.
 * The deadline is 20 s, not 60: long enough that the page reloaded after the first offer is still counting
 * down on a busy machine, where starting Chromium and loading the page again takes seconds.
 * The script submits the demo form, sees the user's name from client-info and offers arrive live, reloads
 * mid-quote and sees it resume, sees the summary, checks the page at 390 px, a field error and the 429 message; screenshots land in
 * {@code core-app/target/browser-screenshots}.
 */
// closed afterwards: a cached aggregator keeps polling and holding connections of the shared PostgreSQL
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "osago.deadline=20s")
class BrowserIT extends AggregatorTestSupport {

    private static final Path BROWSER_DIR = Path.of("core-app", "src", "test", "browser");
    private static final Path SCRIPT = BROWSER_DIR.resolve("quote-page.test.js");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final Path SCREENSHOTS = Path.of("core-app", "target", "browser-screenshots");

    private static CoreAppProcess coreApp;
    private static InsurerStubs clientInfo;

    @BeforeAll
    static void startCoreApp() throws Exception {
        requireBrowserTooling();
        clientInfo = InsurerStubs.start(List.of(StubConfig.of("client-info", Dialect.CLIENT_INFO, 0)));
        // a small per-user budget, so that the script reaches the 429 after a few submissions; client-info's
        // time limit is generous because the page's greeting is checked, not its speed
        coreApp = CoreAppProcess.start(TestDatabase.newSchema(),
                "--osago.core.rate-limit.requests-per-window=4", "--osago.core.rate-limit.window=1h",
                "--osago.core.client-info.url=" + clientInfo.baseUrl("client-info"),
                "--osago.core.client-info.breaker.timeout-ms=5000",
                "--spring.datasource.hikari.maximum-pool-size=4");
    }

    @AfterAll
    static void stopCoreApp() throws Exception {
        if (coreApp != null) {
            coreApp.close();
        }
        if (clientInfo != null) {
            clientInfo.close();
        }
    }

    @Test
    void quotePageWorksInHeadlessChromiumFromFormToSummaryWithReloadPhoneWidthAndErrors() throws Exception {
        Path output = Files.createTempFile("browser-test", ".log");
        Process node = new ProcessBuilder(List.of("node", SCRIPT.toString(), coreApp.baseUrl(), SCREENSHOTS.toAbsolutePath().toString()))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean finished = node.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            node.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println(log);
        assertThat(finished).as("the browser script did not finish within 5 minutes:%n%s", log).isTrue();
        assertThat(node.exitValue())
                .as("the browser script failed:%n%s%n--- core-app log ---%n%s", log, coreApp.logTail())
                .isZero();
        assertThat(log).contains("browser test passed");
    }

    /** Fails (not skips) with what to do: CI prepares all of it in .ci/run. */
    private static void requireBrowserTooling() {
        String prepare = " Run .ci/run (it prepares the browser tests), or by hand: apt-get install -y chromium; "
                + "cd " + BROWSER_DIR + " && npm ci";
        if (!Files.isRegularFile(SCRIPT)) {
            fail(SCRIPT.toAbsolutePath() + " is missing: run the tests from the repository root (mvn -B verify).");
        }
        if (!commandWorks("node", "--version")) {
            fail("node is not on the PATH." + prepare);
        }
        if (!Files.isDirectory(BROWSER_DIR.resolve("node_modules").resolve("playwright-core"))) {
            fail(BROWSER_DIR.resolve("node_modules") + " has no playwright-core." + prepare);
        }
        if (!Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " is missing (set CHROMIUM to use another binary)." + prepare);
        }
    }

    private static boolean commandWorks(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
