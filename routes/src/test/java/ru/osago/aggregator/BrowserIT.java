package ru.osago.aggregator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import ru.osago.aggregator.support.AggregatorTestSupport;
import ru.osago.aggregator.support.BrowserScript;
import ru.osago.aggregator.support.CoreAppProcess;
import ru.osago.aggregator.support.TestDatabase;
import ru.osago.stubs.Dialect;
import ru.osago.stubs.InsurerStubs;
import ru.osago.stubs.StubConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

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

    private static final BrowserScript SCRIPT = new BrowserScript(Path.of("core-app", "src", "test", "browser"), "quote-page.test.js");
    private static final Path SCREENSHOTS = Path.of("core-app", "target", "browser-screenshots");

    private static CoreAppProcess coreApp;
    private static InsurerStubs clientInfo;

    @BeforeAll
    static void startCoreApp() throws Exception {
        SCRIPT.requireTooling();
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
        BrowserScript.Run run = SCRIPT.run(Duration.ofMinutes(5), coreApp.baseUrl(), SCREENSHOTS.toAbsolutePath().toString());
        assertThat(run.finished()).as("the browser script did not finish within 5 minutes:%n%s", run.log()).isTrue();
        assertThat(run.exitValue())
                .as("the browser script failed:%n%s%n--- core-app log ---%n%s", run.log(), coreApp.logTail())
                .isZero();
        assertThat(run.log()).contains("browser test passed");
    }
}
