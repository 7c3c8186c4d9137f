package dev.nudge.console;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where and how the console listens.
 *
 * @param host the address to bind; a loopback address unless a token is set
 * @param port the port; 0 for any free one
 * @param token the secret every request must show, from {@code --token-file}; required to listen
 *     beyond this machine
 * @param tls the key store to serve HTTPS with, if any
 * @param behindTlsProxy whether a reverse proxy in front terminates TLS (then cookies are marked
 *     Secure although the console itself speaks plain HTTP to the proxy)
 * @param allowedHosts host names the browser may use to reach the console besides its own address
 *     and {@code localhost} (the name a reverse proxy is reached by): a request naming another
 *     {@code Host} is refused, which keeps DNS-rebinding pages out
 */
public record ConsoleSettings(
        String host,
        int port,
        Optional<String> token,
        Optional<Tls> tls,
        boolean behindTlsProxy,
        List<String> allowedHosts) {
    /** A PKCS#12 (or JKS) key store with the console's certificate and key. */
    public record Tls(Path keyStore, char[] password) {}

    public ConsoleSettings {
        allowedHosts = List.copyOf(allowedHosts);
    }

    /** On 127.0.0.1, on the given port, without token or TLS: the default. */
    public static ConsoleSettings local(int port) {
        return new ConsoleSettings(
                "127.0.0.1", port, Optional.empty(), Optional.empty(), false, List.of());
    }

    /** Whether the browser reaches the console over HTTPS (its own, or a proxy's). */
    public boolean secure() {
        return tls.isPresent() || behindTlsProxy;
    }

    /**
     * What is wrong with these settings, naming the option, its value and the fix; empty when they
     * are safe to listen with. Listening beyond this machine needs a token, and TLS of the
     * console's own or a reverse proxy's: otherwise anyone on the network could change what the job
     * sends, or read the token on the way.
     */
    public Optional<String> problem() {
        if (port < 0 || port > 65_535) {
            return Optional.of("--port " + port + ": expected 0 (any free port) to 65535");
        }
        if (loopback()) {
            return Optional.empty();
        }
        if (token.isEmpty()) {
            return Optional.of(
                    "--host "
                            + host
                            + ": listening beyond this machine needs --token-file FILE, a secret"
                            + " of at least "
                            + Access.MIN_TOKEN_LENGTH
                            + " characters every browser must present; or keep the default"
                            + " --host 127.0.0.1");
        }
        if (tls.isEmpty() && !behindTlsProxy) {
            return Optional.of(
                    "--host "
                            + host
                            + ": listening beyond this machine needs HTTPS: --tls-keystore FILE"
                            + " (with --tls-password-file), or --behind-tls-proxy when a reverse"
                            + " proxy terminates TLS in front of the console (docs/console.md"
                            + " shows one)");
        }
        return Optional.empty();
    }

    /** Whether {@link #host} is a loopback address (127.0.0.0/8, ::1 or localhost). */
    public boolean loopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException unknown) {
            return false;
        }
    }
}
