package ru.osago.aggregator.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * A browser test's node script (playwright-core driving Debian's headless Chromium), run from the repository root
 * as CI runs it. Missing tooling fails the test (never skips it) with what to do: .ci/run prepares all of it.
 */
public record BrowserScript(Path browserDir, Path script) {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    /** What a run came to: whether it ended within its time, its exit code, and everything it printed. */
    public record Run(boolean finished, int exitValue, String log) {
    }

    public BrowserScript(Path browserDir, String scriptName) {
        this(browserDir, browserDir.resolve(scriptName));
    }

    public void requireTooling() {
        String prepare = " Run .ci/run (it prepares the browser tests), or by hand: apt-get install -y chromium; "
                + "cd " + browserDir + " && npm ci";
        if (!Files.isRegularFile(script)) {
            fail(script.toAbsolutePath() + " is missing: run the tests from the repository root (mvn -B verify).");
        }
        if (!commandWorks("node", "--version")) {
            fail("node is not on the PATH." + prepare);
        }
        if (!Files.isDirectory(browserDir.resolve("node_modules").resolve("playwright-core"))) {
            fail(browserDir.resolve("node_modules") + " has no playwright-core." + prepare);
        }
        if (!Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " is missing (set CHROMIUM to use another binary)." + prepare);
        }
    }

    /** Runs the script with these arguments, killing it after {@code timeout}; its output is also printed. */
    public Run run(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", script.toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(script.getFileName().toString(), ".log");
        Process node = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = node.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println(log);
        return new Run(finished, finished ? node.exitValue() : -1, log);
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
