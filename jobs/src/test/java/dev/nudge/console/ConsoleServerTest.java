package dev.nudge.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The console's web server over real HTTP(S): its headers, its page, its refusals. */
class ConsoleServerTest {
    private static final String TOKEN = "a-token-of-at-least-24-characters";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir Path dir;

    private ConsoleServer server;

    @BeforeEach
    void start() throws Exception {
        server =
                new ConsoleServer(ConsoleSettings.local(0))
                        .pageValue("changedBy", "<b>\"anna\" & 'co'</b>")
                        .get("/api/echo/", request -> ConsoleReply.json(List.of(request.rest())))
                        .post("/api/size", request -> ConsoleReply.json(request.body().length))
                        .get(
                                "/api/fails",
                                request -> {
                                    throw new IllegalStateException(
                                            "at dev.nudge.Secret.method(Secret.java:1) password=x");
                                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"/", "/console.js", "/api/echo/x", "/nowhere", "/api/fails", "/?token=x"})
    void everyAnswerKeepsThePageToItself(String path) throws Exception {
        HttpResponse<String> response = get(path);

        assertThat(response.headers().firstValue("Content-Security-Policy"))
                .hasValue(ConsoleServer.CONTENT_SECURITY_POLICY);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("SAMEORIGIN");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(ConsoleServer.CONTENT_SECURITY_POLICY)
                .contains("script-src 'self'", "frame-ancestors 'self'")
                .doesNotContain("unsafe");
    }

    @Test
    void refusalsCarryTheHeadersToo() throws Exception {
        Raw rebound = raw("GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n");

        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.head()).containsIgnoringCase("Content-Security-Policy: default-src");
    }

    @Test
    void thePageCarriesTheCsrfValueAndThePublisherEscaped() throws Exception {
        String page = get("/").body();

        assertThat(page)
                .containsPattern("<meta name=\"nudge-csrf\" content=\"[A-Za-z0-9_-]{32}\">")
                .contains(
                        "<meta name=\"nudge-changed-by\" content=\"&lt;b&gt;&quot;anna&quot;"
                                + " &amp; &#39;co&#39;&lt;/b&gt;\">")
                .doesNotContain("<b>\"anna\"", "{{");
    }

    @Test
    void unknownPathsAreAnsweredInJson() throws Exception {
        HttpResponse<String> response = get("/api/nothing");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(ConsoleReply.JSON_TYPE);
        assertThat(response.body()).isEqualTo("{\"error\":\"nothing at GET /api/nothing\"}");
    }

    @Test
    void anEndpointThatThrowsIsA500InWordsWithoutItsTrace() throws Exception {
        HttpResponse<String> response = get("/api/fails");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body())
                .isEqualTo("{\"error\":\"the console failed on this request; its log says why\"}")
                .doesNotContain("Exception", "dev.nudge", "password", "\tat ");
    }

    @Test
    void aBodyOfMoreThanOneMebibyteIs413() throws Exception {
        HttpResponse<String> most = post("/api/size", new byte[ConsoleServer.MAX_BODY_BYTES]);
        HttpResponse<String> tooMuch =
                post("/api/size", new byte[ConsoleServer.MAX_BODY_BYTES + 1]);

        assertThat(most.statusCode()).isEqualTo(200);
        assertThat(most.body()).isEqualTo(Integer.toString(ConsoleServer.MAX_BODY_BYTES));
        assertThat(tooMuch.statusCode()).isEqualTo(413);
        assertThat(tooMuch.body()).contains("larger than 1048576 bytes");
    }

    @Test
    void aPostWithoutThePagesCsrfValueIsRefused() throws Exception {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(url("/api/size"))
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains(Access.CSRF_HEADER);
    }

    @Test
    void otherMethodsAre405NamingThoseAnswered() throws Exception {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(url("/api/size"))
                                .method("DELETE", HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
    }

    @Test
    void aPrefixEndpointGetsTheRestDecodedAsAPath() throws Exception {
        assertThat(get("/api/echo/a+b%20c%2Fd%C3%A9").body()).isEqualTo("[\"a+b c/dé\"]");
        Raw malformed = raw("GET /api/echo/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        // The JDK's server refuses an address that is no URI before the console sees it, with a
        // line of its own ("URISyntaxException thrown"): no trace, nothing of the console's.
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).doesNotContain("\tat ", "dev.nudge");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/../console.js",
                "/%2e%2e/%2e%2e/etc/passwd",
                "/..%2f..%2fetc%2fpasswd",
                "/console/../../etc/passwd",
                "/%2e%2e%2fconsole.js",
                "/META-INF/MANIFEST.MF",
                "/dev/nudge/console/ConsoleServer.class",
                "/console.js%00.css"
            })
    void nothingOutsideThePagesFilesIsServed(String path) throws Exception {
        Raw response = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

        assertThat(response.status()).isIn(400, 404);
        assertThat(response.body()).doesNotContain("root:", "use strict", "Manifest");
    }

    @Test
    void theTokenInTheAddressBecomesACookieAndLeavesTheAddress() throws Exception {
        try (ConsoleServer guarded = withToken(Optional.empty())) {
            URI base = guarded.url();
            HttpResponse<String> refused = send(base.resolve("/"), null);
            HttpResponse<String> opened = send(base.resolve("/?token=" + TOKEN), null);
            HttpResponse<String> wrong = send(base.resolve("/?token=nope"), null);

            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).doesNotContain(TOKEN);
            assertThat(opened.statusCode()).isEqualTo(303);
            assertThat(opened.headers().firstValue("Location")).hasValue("/");
            String cookie = opened.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie)
                    .startsWith(Access.COOKIE + "=" + TOKEN + ";")
                    .contains("HttpOnly", "SameSite=Strict")
                    .doesNotContain("Secure");
            assertThat(wrong.statusCode()).isEqualTo(401);
            String value = cookie.substring(0, cookie.indexOf(';'));
            assertThat(send(base.resolve("/"), value).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void overHttpsWithATokenAndPlainHttpIsNotAnswered() throws Exception {
        Path store = dir.resolve("console.p12");
        char[] password = "changeit-123".toCharArray();
        keytool(store, password);
        try (ConsoleServer https =
                withToken(Optional.of(new ConsoleSettings.Tls(store, password)))) {
            URI base = https.url();
            HttpClient client =
                    HttpClient.newBuilder().sslContext(trusting(store, password)).build();

            assertThat(base.getScheme()).isEqualTo("https");
            assertThat(client.send(get(base.resolve("/")), text()).statusCode()).isEqualTo(401);
            HttpResponse<String> opened =
                    client.send(get(base.resolve("/?token=" + TOKEN)), text());
            assertThat(opened.statusCode()).isEqualTo(303);
            assertThat(opened.headers().firstValue("Set-Cookie").orElseThrow())
                    .contains("HttpOnly", "SameSite=Strict", "; Secure");
            HttpResponse<String> page =
                    client.send(
                            HttpRequest.newBuilder(base.resolve("/"))
                                    .header("Authorization", "Bearer " + TOKEN)
                                    .build(),
                            text());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("nudge-csrf");

            String plain = rawText(https.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(plain).doesNotStartWith("HTTP/").doesNotContain("nudge-csrf");
        }
    }

    private ConsoleServer withToken(Optional<ConsoleSettings.Tls> tls) throws Exception {
        ConsoleServer guarded =
                new ConsoleServer(
                        new ConsoleSettings(
                                "127.0.0.1", 0, Optional.of(TOKEN), tls, false, List.of()));
        guarded.pageValue("changedBy", "anna").start();
        return guarded;
    }

    private static void keytool(Path store, char[] password) throws Exception {
        Process process =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "keytool")
                                        .toString(),
                                "-genkeypair",
                                "-alias",
                                "console",
                                "-keyalg",
                                "EC",
                                "-groupname",
                                "secp256r1",
                                "-dname",
                                "CN=localhost",
                                "-ext",
                                "SAN=ip:127.0.0.1,dns:localhost",
                                "-validity",
                                "2",
                                "-storetype",
                                "PKCS12",
                                "-keystore",
                                store.toString(),
                                "-storepass",
                                new String(password))
                        .redirectErrorStream(true)
                        .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static SSLContext trusting(Path store, char[] password) throws Exception {
        KeyStore keys = KeyStore.getInstance(store.toFile(), password);
        TrustManagerFactory trust =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keys);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(get(url(path)), text());
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).GET().build();
    }

    private static HttpResponse.BodyHandler<String> text() {
        return HttpResponse.BodyHandlers.ofString();
    }

    private static HttpResponse<String> send(URI uri, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.build(), text());
    }

    private HttpResponse<String> post(String path, byte[] body) throws Exception {
        String csrf = csrfOfPage();
        return HTTP.send(
                HttpRequest.newBuilder(url(path))
                        .header(Access.CSRF_HEADER, csrf)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                text());
    }

    private String csrfOfPage() throws Exception {
        String page = get("/").body();
        int at = page.indexOf("name=\"nudge-csrf\" content=\"") + 27;
        return page.substring(at, page.indexOf('"', at));
    }

    /** A request written byte for byte, as no HTTP client would normalize it. */
    private Raw raw(String request) throws IOException {
        String answer = rawText(server.port(), request);
        int end = answer.indexOf("\r\n\r\n");
        assertThat(answer).as("an HTTP answer").startsWith("HTTP/1.1 ");
        return new Raw(
                Integer.parseInt(answer.substring(9, 12)),
                answer.substring(0, end),
                answer.substring(end + 4));
    }

    /** An answer as it came over the socket. */
    private record Raw(int status, String head, String body) {}

    private static String rawText(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    request.replace("HTTP/1.1\r\n", "HTTP/1.1\r\nConnection: close\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    read.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException closed) {
                // what came before the timeout or the reset is the answer
            }
            return read.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
