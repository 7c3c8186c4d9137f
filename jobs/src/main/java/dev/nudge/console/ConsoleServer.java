package dev.nudge.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's web server: the JDK's own {@code com.sun.net.httpserver}, which needs no library,
 * speaks HTTPS with a key store, and is plenty for a page a handful of operators keep open. It
 * serves the page's files from the jar ({@code /console/} on the class path) and the endpoints
 * registered with {@link #get} and {@link #post}; every request passes {@link Access} first.
 *
 * <p>Every answer carries headers that keep the page to itself: a Content-Security-Policy that
 * allows only the console's own scripts, styles and connections, no framing by other sites, no
 * sniffing, no referrer, no caching. A request body is read up to {@link #MAX_BODY_BYTES}; a larger
 * one is refused with 413. An endpoint that throws answers 500 with a sentence, never a stack
 * trace; the trace goes to the console's log.
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

    /** A patterns document is at most 256 KiB; as a JSON string it may grow, not beyond this. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " connect-src 'self'; frame-src 'self'; frame-ancestors 'self';"
                    + " base-uri 'none'; form-action 'none'; object-src 'none'";

    private static final Pattern ASSET = Pattern.compile("/[a-z][a-z0-9-]*\\.(js|css|svg|html)");
    private static final Map<String, String> TYPES =
            Map.of(
                    "js", "text/javascript; charset=utf-8",
                    "css", "text/css; charset=utf-8",
                    "svg", "image/svg+xml",
                    "html", "text/html; charset=utf-8");

    private record Route(String method, String path, boolean prefix, Endpoint endpoint) {}

    private final ConsoleSettings settings;
    private final Access access;
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, String> pageValues = new LinkedHashMap<>();
    private HttpServer server;
    private ExecutorService workers;

    public ConsoleServer(ConsoleSettings settings) {
        this.settings = settings;
        this.access = new Access(settings);
    }

    /** Answers {@code GET path}; a path ending in {@code /} also answers everything below it. */
    public ConsoleServer get(String path, Endpoint endpoint) {
        routes.add(new Route("GET", path, path.endsWith("/"), endpoint));
        return this;
    }

    /** Answers {@code POST path}: a change, which only the console's own page may ask for. */
    public ConsoleServer post(String path, Endpoint endpoint) {
        routes.add(new Route("POST", path, path.endsWith("/"), endpoint));
        return this;
    }

    /**
     * A value written into the page where it says {@code {{name}}}: what the page needs before its
     * first request (who publishes, say). Only text the console chose, HTML-escaped.
     */
    public ConsoleServer pageValue(String name, String value) {
        pageValues.put(name, value);
        return this;
    }

    /** Starts listening; returns the address the browser opens. */
    public URI start() throws IOException, GeneralSecurityException {
        InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
        if (settings.tls().isPresent()) {
            HttpsServer https = HttpsServer.create(address, 50);
            https.setHttpsConfigurator(new HttpsConfigurator(sslContext(settings.tls().get())));
            server = https;
        } else {
            server = HttpServer.create(address, 50);
        }
        AtomicInteger threads = new AtomicInteger();
        workers =
                Executors.newFixedThreadPool(
                        8,
                        runnable -> {
                            Thread thread =
                                    new Thread(
                                            runnable, "console-http-" + threads.incrementAndGet());
                            thread.setDaemon(true);
                            return thread;
                        });
        server.setExecutor(workers);
        server.createContext("/", this::exchange);
        server.start();
        return url();
    }

    /** Where the console is, as a browser on this machine opens it (without the token). */
    public URI url() {
        String scheme = settings.tls().isPresent() ? "https" : "http";
        String host = settings.host();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create(scheme + "://" + host + ":" + server.getAddress().getPort() + "/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            ConsoleReply reply;
            try {
                reply = answer(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply = ConsoleReply.error(503, "the console is stopping");
            } catch (Exception | Error e) {
                LOG.warn("console: {} {} failed", exchange.getRequestMethod(), path(exchange), e);
                reply =
                        ConsoleReply.error(
                                500, "the console failed on this request; its log says why");
            }
            send(exchange, reply);
        }
    }

    private ConsoleReply answer(HttpExchange exchange) throws Exception {
        String method = exchange.getRequestMethod();
        String path = path(exchange);
        Map<String, String> query =
                ConsoleRequest.parseQuery(exchange.getRequestURI().getRawQuery());
        if (settings.token().isPresent()
                && method.equals("GET")
                && path.equals("/")
                && access.isToken(query.get("token"))) {
            // The token leaves the address bar and the history at once, and stays in a cookie.
            return new ConsoleReply(303, "text/plain; charset=utf-8", new byte[0], Map.of())
                    .withHeader("Location", "/")
                    .withHeader("Set-Cookie", access.tokenCookie());
        }
        Access.Verdict verdict = access.check(method, headers(exchange));
        if (!verdict.allowed()) {
            ConsoleReply refused = ConsoleReply.error(verdict.status(), verdict.why());
            return verdict.status() == 405
                    ? refused.withHeader("Allow", "GET, HEAD, POST")
                    : refused;
        }
        if (method.equals("GET") && (path.equals("/") || path.equals("/index.html"))) {
            return page();
        }
        Optional<Route> route = route(method, path);
        if (route.isEmpty()) {
            if (method.equals("GET") && ASSET.matcher(path).matches()) {
                return asset(path);
            }
            return ConsoleReply.notFound("nothing at " + method + " " + path);
        }
        byte[] body = readBody(exchange);
        if (body == null) {
            return ConsoleReply.error(
                    413, "the request is larger than " + MAX_BODY_BYTES + " bytes");
        }
        Route found = route.get();
        String rest =
                found.prefix()
                        ? ConsoleRequest.decodePath(path.substring(found.path().length()))
                        : "";
        if (rest == null) {
            return ConsoleReply.badRequest("the address is not correctly escaped");
        }
        return found.endpoint().handle(new ConsoleRequest(method, path, rest, query, body));
    }

    private Optional<Route> route(String method, String path) {
        return routes.stream()
                .filter(r -> r.method().equals(method))
                .filter(r -> r.prefix() ? path.startsWith(r.path()) : path.equals(r.path()))
                .findFirst();
    }

    private ConsoleReply page() throws IOException {
        String page = new String(resource("/console/index.html"), StandardCharsets.UTF_8);
        page = page.replace("{{csrf}}", access.csrfValue());
        for (Map.Entry<String, String> value : pageValues.entrySet()) {
            page = page.replace("{{" + value.getKey() + "}}", escapeHtml(value.getValue()));
        }
        return ConsoleReply.html(page);
    }

    private static ConsoleReply asset(String path) throws IOException {
        byte[] content;
        try {
            content = resource("/console" + path);
        } catch (IOException missing) {
            return ConsoleReply.notFound("no file " + path);
        }
        String extension = path.substring(path.lastIndexOf('.') + 1);
        return new ConsoleReply(200, TYPES.get(extension), content, Map.of());
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ConsoleServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no resource " + name);
            }
            return in.readAllBytes();
        }
    }

    /** The body, or {@code null} when it is larger than {@link #MAX_BODY_BYTES}. */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }

    private static void send(HttpExchange exchange, ConsoleReply reply) throws IOException {
        com.sun.net.httpserver.Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", reply.contentType());
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "SAMEORIGIN");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cache-Control", "no-store");
        reply.headers().forEach(headers::set);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        long length = head || reply.body().length == 0 ? -1 : reply.body().length;
        exchange.sendResponseHeaders(reply.status(), length);
        if (length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    private static Access.Headers headers(HttpExchange exchange) {
        com.sun.net.httpserver.Headers request = exchange.getRequestHeaders();
        return new Access.Headers(
                request.getFirst("Host"),
                request.getFirst("Origin"),
                request.getFirst("Sec-Fetch-Site"),
                request.getFirst("Cookie"),
                request.getFirst("Authorization"),
                request.getFirst(Access.CSRF_HEADER));
    }

    private static String path(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    private static SSLContext sslContext(ConsoleSettings.Tls tls)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(tls.keyStore().toFile(), tls.password());
        KeyManagerFactory keys =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, tls.password());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    static String escapeHtml(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
