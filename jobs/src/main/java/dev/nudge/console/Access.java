package dev.nudge.console;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may use the console, and which requests are the page's own.
 *
 * <ul>
 *   <li><b>Host.</b> Without a token only the console's own names are answered ({@code 127.0.0.1},
 *       {@code localhost}, {@code [::1]}, the bound address and {@code --allowed-host}s): a page on
 *       another site that rebinds its DNS name to 127.0.0.1 names its own host and is refused.
 *   <li><b>Token.</b> With one, every request shows it, in the cookie {@value #COOKIE} that opening
 *       the console's URL with {@code ?token=...} sets (HttpOnly, SameSite=Strict, Secure over
 *       HTTPS), or as {@code Authorization: Bearer ...} from scripts.
 *   <li><b>Cross-site requests.</b> Whatever changes something is a POST that carries the header
 *       {@value #CSRF_HEADER} with a value the console made at start and wrote into its page: a
 *       page of another origin cannot read it, nor send the header without a CORS preflight, which
 *       the console never grants. An {@code Origin} or {@code Sec-Fetch-Site} header that names
 *       another site is refused as well.
 * </ul>
 */
public final class Access {
    public static final String COOKIE = "nudge_console";
    public static final String CSRF_HEADER = "X-Nudge-Csrf";
    public static final int MIN_TOKEN_LENGTH = 24;

    /** Whether a request may go on, and if not the status and the sentence to answer with. */
    public record Verdict(int status, String why) {
        static final Verdict ALLOWED = new Verdict(0, null);

        public boolean allowed() {
            return status == 0;
        }
    }

    /** The headers of a request that access depends on; any may be {@code null}. */
    public record Headers(
            String host,
            String origin,
            String secFetchSite,
            String cookie,
            String authorization,
            String csrf) {}

    private final ConsoleSettings settings;
    private final Set<String> hostNames = new HashSet<>();
    private final String csrf;

    public Access(ConsoleSettings settings) {
        this.settings = settings;
        hostNames.addAll(List.of("127.0.0.1", "localhost", "[::1]", "::1"));
        hostNames.add(settings.host().toLowerCase(Locale.ROOT));
        settings.allowedHosts().forEach(name -> hostNames.add(name.toLowerCase(Locale.ROOT)));
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.csrf = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The value the page sends in {@value #CSRF_HEADER}; written into the page it serves. */
    public String csrfValue() {
        return csrf;
    }

    /** Whether {@code method} changes something, so that it must prove it comes from the page. */
    static boolean changes(String method) {
        return !method.equals("GET") && !method.equals("HEAD");
    }

    public Verdict check(String method, Headers headers) {
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("POST")) {
            return new Verdict(
                    405, method + " is not answered here: the console takes GET and POST");
        }
        if (checksHost() && !hostNames.contains(hostName(headers.host()))) {
            return new Verdict(
                    403,
                    "Host "
                            + headers.host()
                            + " is not one of the console's names; add it with --allowed-host if"
                            + " a proxy forwards it");
        }
        if (settings.token().isPresent() && !presentsToken(headers)) {
            return new Verdict(
                    401,
                    "this console needs its token: open it with the URL it printed at start"
                            + " (ending ?token=...), or send Authorization: Bearer <token>");
        }
        if (crossSite(headers)) {
            return new Verdict(403, "a request from another site is refused");
        }
        if (changes(method) && !equal(csrf, headers.csrf())) {
            return new Verdict(
                    403,
                    "a change must come from the console's page (header "
                            + CSRF_HEADER
                            + " missing or stale: reload the page)");
        }
        return Verdict.ALLOWED;
    }

    /** Whether {@code candidate} is the console's token (compared in constant time). */
    public boolean isToken(String candidate) {
        return settings.token().map(token -> equal(token, candidate)).orElse(false);
    }

    /** The {@code Set-Cookie} value that keeps the token in the browser for this console. */
    public String tokenCookie() {
        String token = settings.token().orElseThrow();
        return COOKIE
                + "="
                + token
                + "; Path=/; HttpOnly; SameSite=Strict"
                + (settings.secure() ? "; Secure" : "");
    }

    private boolean checksHost() {
        return settings.token().isEmpty() || !settings.allowedHosts().isEmpty();
    }

    private boolean presentsToken(Headers headers) {
        String authorization = headers.authorization();
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return isToken(authorization.substring(7).trim());
        }
        return cookie(headers.cookie()).map(this::isToken).orElse(false);
    }

    private boolean crossSite(Headers headers) {
        String fetchSite = headers.secFetchSite();
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            return true;
        }
        String origin = headers.origin();
        if (origin == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null) {
                return true; // "null": a sandboxed frame or a file
            }
            String originHost =
                    uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return headers.host() == null || !headers.host().equalsIgnoreCase(originHost);
        } catch (IllegalArgumentException malformed) {
            return true;
        }
    }

    private static Optional<String> cookie(String header) {
        if (header == null) {
            return Optional.empty();
        }
        for (String part : header.split(";")) {
            String trimmed = part.trim();
            if (trimmed.startsWith(COOKIE + "=")) {
                return Optional.of(trimmed.substring(COOKIE.length() + 1));
            }
        }
        return Optional.empty();
    }

    /** The host of a {@code Host} header, without its port, in lower case. */
    static String hostName(String host) {
        if (host == null) {
            return "";
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.startsWith("[")) {
            int end = lower.indexOf(']');
            return end < 0 ? lower : lower.substring(0, end + 1);
        }
        int colon = lower.lastIndexOf(':');
        return colon < 0 ? lower : lower.substring(0, colon);
    }

    /**
     * Whether two secrets are equal, in a time that tells nothing about either: both are hashed
     * first, so that the comparison always runs over 32 bytes whatever their lengths, and {@link
     * MessageDigest#isEqual} looks at every byte however early they differ.
     */
    static boolean equal(String expected, String candidate) {
        return candidate != null && MessageDigest.isEqual(sha256(expected), sha256(candidate));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
