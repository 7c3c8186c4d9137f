package dev.nudge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Headless Chromium driven through Debian's {@code chromedriver}, over the W3C WebDriver protocol:
 * a dozen HTTP calls, spoken here directly rather than through Selenium, whose client would bring
 * some twenty jars (Guava, OpenTelemetry, Byte Buddy) into a test class path that already holds
 * Flink and Kafka, and whose driver manager looks for downloads this machine must not make.
 *
 * <p>The browser starts with a profile of its own in the test's directory and without any of its
 * background connections (sync, updates, Google's services), so that it talks to nothing but the
 * page under test. Install it with {@code apt-get install chromium chromium-driver}; {@code
 * .ci/run} does.
 */
public final class Browser implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Browser.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** Where each test's screenshots go, for a reviewer to look at (not committed). */
    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private final Process driver;
    private final Client client;
    private final String session;

    private Browser(Process driver, Client client, String session) {
        this.driver = driver;
        this.client = client;
        this.session = session;
    }

    /**
     * Starts chromedriver on a free loopback port and a headless browser through it.
     *
     * @param profile an empty directory for the browser's profile
     */
    public static Browser start(Path profile) throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException(
                    "the browser tests need Debian's chromium and chromium-driver ("
                            + CHROMIUM
                            + ", "
                            + CHROMEDRIVER
                            + "): apt-get install chromium chromium-driver");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path log = profile.resolve("chromedriver.log");
        Process driver =
                new ProcessBuilder(
                                CHROMEDRIVER.toString(),
                                "--port=" + port,
                                "--allowed-ips=127.0.0.1",
                                "--log-path=" + log)
                        .redirectErrorStream(true)
                        .redirectOutput(profile.resolve("chromedriver.out").toFile())
                        .start();
        Browser.Client client = new Browser.Client("http://127.0.0.1:" + port);
        try {
            client.awaitReady(Duration.ofSeconds(20));
            return new Browser(driver, client, client.newSession(profile.resolve("chromium")));
        } catch (Exception e) {
            driver.descendants().forEach(ProcessHandle::destroyForcibly);
            driver.destroyForcibly();
            throw e;
        }
    }

    /** Opens {@code url} and waits until its document has loaded. */
    public void open(URI url) throws Exception {
        client.post(session + "/url", JSON.createObjectNode().put("url", url.toString()));
    }

    /** The element {@code css} selects, waiting up to {@code wait} for it to appear. */
    public Element await(String css, Duration wait) throws Exception {
        return awaitElement(css, element -> true, wait, "to appear");
    }

    /** The element {@code css} selects once its text contains {@code text}. */
    public Element awaitText(String css, String text, Duration wait) throws Exception {
        return awaitElement(
                css, element -> safeText(element).contains(text), wait, "to show \"" + text + "\"");
    }

    /**
     * Clicks the element {@code css} selects, once it is there. A page that redraws itself (the
     * live view, every 2 s) may replace the element between finding and clicking it: then it is
     * found again.
     */
    public void click(String css, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                await(css, wait).click();
                return;
            } catch (IllegalStateException stale) {
                if (!String.valueOf(stale.getMessage()).contains("stale")
                        || System.nanoTime() > deadline) {
                    throw stale;
                }
            }
        }
    }

    /** The element {@code css} selects, if it is there now. */
    public Optional<Element> find(String css) throws Exception {
        JsonNode found =
                client.postRaw(
                        session + "/elements",
                        JSON.createObjectNode().put("using", "css selector").put("value", css));
        JsonNode first = found.path("value").path(0);
        return first.isMissingNode()
                ? Optional.empty()
                : Optional.of(new Element(first.path(ELEMENT).asText()));
    }

    /** Every element {@code css} selects now. */
    public List<Element> findAll(String css) throws Exception {
        JsonNode found =
                client.postRaw(
                        session + "/elements",
                        JSON.createObjectNode().put("using", "css selector").put("value", css));
        List<Element> elements = new ArrayList<>();
        found.path("value").forEach(e -> elements.add(new Element(e.path(ELEMENT).asText())));
        return elements;
    }

    /** Runs {@code script} in the page (its {@code arguments} are {@code args}); its result. */
    public JsonNode script(String script, Object... args) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.set("args", JSON.valueToTree(args));
        return client.post(session + "/execute/sync", body);
    }

    /** Saves the page as a PNG under {@link #SCREENSHOTS}; returns the file. */
    public Path screenshot(String name) throws Exception {
        JsonNode png = client.get(session + "/screenshot");
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, Base64.getDecoder().decode(png.asText()));
        LOG.info("screenshot {}", file.toAbsolutePath());
        return file;
    }

    /** Sizes the window, so that screenshots show whole pages. */
    public void size(int width, int height) throws Exception {
        client.post(
                session + "/window/rect",
                JSON.createObjectNode().put("width", width).put("height", height));
    }

    @Override
    public void close() {
        try {
            client.delete(session);
        } catch (Exception e) {
            LOG.warn("closing the browser session failed", e);
        }
        driver.descendants().forEach(ProcessHandle::destroy);
        driver.destroy();
        try {
            if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                driver.descendants().forEach(ProcessHandle::destroyForcibly);
                driver.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Element awaitElement(String css, Predicate<Element> ready, Duration wait, String what)
            throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<Element> element = find(css);
            if (element.isPresent() && ready.test(element.get())) {
                return element.get();
            }
            if (System.nanoTime() > deadline) {
                String now = element.map(Browser.this::safeText).orElse("(no such element)");
                throw new AssertionError(
                        "waited "
                                + wait.toSeconds()
                                + " s for "
                                + css
                                + " "
                                + what
                                + "; it shows: "
                                + now);
            }
            Thread.sleep(200);
        }
    }

    private String safeText(Element element) {
        try {
            return element.text();
        } catch (Exception stale) {
            return "";
        }
    }

    /** One element of the page. */
    public final class Element {
        private final String id;

        private Element(String id) {
            this.id = id;
        }

        public String text() throws Exception {
            return client.get(session + "/element/" + id + "/text").asText();
        }

        public String attribute(String name) throws Exception {
            JsonNode value = client.get(session + "/element/" + id + "/attribute/" + name);
            return value.isNull() ? null : value.asText();
        }

        /** The element's {@code value} property: what an input or a textarea holds. */
        public String value() throws Exception {
            JsonNode value = client.get(session + "/element/" + id + "/property/value");
            return value.isNull() ? null : value.asText();
        }

        public void click() throws Exception {
            client.post(session + "/element/" + id + "/click", JSON.createObjectNode());
        }

        public void clear() throws Exception {
            client.post(session + "/element/" + id + "/clear", JSON.createObjectNode());
        }

        /** Types {@code text} into the element, as keystrokes. */
        public void type(String text) throws Exception {
            client.post(
                    session + "/element/" + id + "/value",
                    JSON.createObjectNode().put("text", text));
        }

        public boolean displayed() throws Exception {
            return client.get(session + "/element/" + id + "/displayed").asBoolean();
        }
    }

    /** The WebDriver endpoints of one chromedriver. */
    private static final class Client {
        private final String base;
        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        Client(String base) {
            this.base = base;
        }

        void awaitReady(Duration wait) throws Exception {
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                try {
                    if (getRaw("/status").path("value").path("ready").asBoolean()) {
                        return;
                    }
                } catch (IOException notYet) {
                    // chromedriver is still starting
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("chromedriver did not start in " + wait);
                }
                Thread.sleep(100);
            }
        }

        String newSession(Path profile) throws Exception {
            ObjectNode options = JSON.createObjectNode().put("binary", CHROMIUM.toString());
            ArrayNode args = options.putArray("args");
            for (String arg :
                    List.of(
                            "--headless=new",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-dev-shm-usage",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--disable-extensions",
                            "--window-size=1400,1000",
                            "--user-data-dir=" + profile)) {
                args.add(arg);
            }
            ObjectNode capabilities = JSON.createObjectNode();
            ObjectNode always = capabilities.putObject("capabilities").putObject("alwaysMatch");
            always.put("browserName", "chrome");
            always.set("goog:chromeOptions", options);
            JsonNode created = postRaw("/session", capabilities);
            return "/session/" + created.path("value").path("sessionId").asText();
        }

        JsonNode get(String path) throws Exception {
            return getRaw(path).path("value");
        }

        JsonNode post(String path, JsonNode body) throws Exception {
            return postRaw(path, body).path("value");
        }

        void delete(String path) throws Exception {
            send(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), path);
        }

        JsonNode getRaw(String path) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), path);
        }

        JsonNode postRaw(String path, JsonNode body) throws Exception {
            return send(
                    HttpRequest.newBuilder(URI.create(base + path))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
                    path);
        }

        private JsonNode send(HttpRequest.Builder request, String path) throws Exception {
            HttpResponse<String> response =
                    http.send(
                            request.timeout(Duration.ofSeconds(60)).build(),
                            HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "WebDriver "
                                + path
                                + ": HTTP "
                                + response.statusCode()
                                + " "
                                + body.path("value").path("message").asText(response.body()));
            }
            return body;
        }
    }
}
