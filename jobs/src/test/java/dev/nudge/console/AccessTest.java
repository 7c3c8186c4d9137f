package dev.nudge.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.console.Access.Headers;
import dev.nudge.console.Access.Verdict;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may use the console, and which requests count as the page's own. */
class AccessTest {
    private static final String TOKEN = "s3cret-token-of-enough-length-0123";

    private final Access local = new Access(ConsoleSettings.local(8088));
    private final Access withToken = new Access(tokenSettings(List.of(), false));

    @ParameterizedTest
    @ValueSource(
            strings = {"127.0.0.1:8088", "127.0.0.1", "localhost:8088", "LOCALHOST", "[::1]:8088"})
    void theConsolesOwnNamesAreAnswered(String host) {
        assertThat(local.check("GET", headers(host))).matches(Verdict::allowed);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "evil.example:8088",
                "127.0.0.1.evil.example",
                "localhost.evil.example:8088",
                "10.0.0.5:8088",
                ""
            })
    void aPageWhoseNameWasReboundTo127001IsRefused(String host) {
        Verdict verdict = local.check("GET", headers(host.isEmpty() ? null : host));

        assertThat(verdict.status()).isEqualTo(403);
        assertThat(verdict.why()).contains("--allowed-host");
    }

    @Test
    void aNameGivenWithAllowedHostIsAnswered() {
        Access access =
                new Access(
                        new ConsoleSettings(
                                "127.0.0.1",
                                8088,
                                Optional.empty(),
                                Optional.empty(),
                                false,
                                List.of("Console.Example.com")));

        assertThat(access.check("GET", headers("console.example.com"))).matches(Verdict::allowed);
        assertThat(access.check("GET", headers("other.example.com")).status()).isEqualTo(403);
    }

    @Test
    void withATokenAndAllowedHostsTheHostIsStillChecked() {
        Access access = new Access(tokenSettings(List.of("console.example.com"), true));

        assertThat(access.check("GET", bearer("console.example.com", TOKEN)))
                .matches(Verdict::allowed);
        assertThat(access.check("GET", bearer("rebound.example", TOKEN)).status()).isEqualTo(403);
    }

    @Test
    void withATokenEveryRequestMustShowIt() {
        Verdict none = withToken.check("GET", headers("127.0.0.1:8088"));

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.why()).contains("?token=").doesNotContain(TOKEN);
    }

    @Test
    void theTokenMayComeAsTheCookieTheConsoleSet() {
        assertThat(withToken.check("GET", cookie(Access.COOKIE + "=" + TOKEN)))
                .matches(Verdict::allowed);
        assertThat(withToken.check("GET", cookie("a=b; " + Access.COOKIE + "=" + TOKEN + "; c=d")))
                .matches(Verdict::allowed);
        assertThat(withToken.check("GET", cookie(Access.COOKIE + "=" + TOKEN + "x")).status())
                .isEqualTo(401);
        assertThat(withToken.check("GET", cookie("other=" + TOKEN)).status()).isEqualTo(401);
    }

    @Test
    void theTokenMayComeAsABearerFromScripts() {
        assertThat(withToken.check("GET", bearer("127.0.0.1", TOKEN))).matches(Verdict::allowed);
        assertThat(withToken.check("GET", authorization("bearer " + TOKEN)))
                .matches(Verdict::allowed);
        assertThat(withToken.check("GET", authorization("Basic " + TOKEN)).status()).isEqualTo(401);
        assertThat(withToken.check("GET", bearer("127.0.0.1", "wrong")).status()).isEqualTo(401);
    }

    @Test
    void onlyTheWholeTokenIsTheToken() {
        assertThat(withToken.isToken(TOKEN)).isTrue();
        assertThat(withToken.isToken(null)).isFalse();
        assertThat(withToken.isToken("")).isFalse();
        assertThat(withToken.isToken(TOKEN.substring(0, TOKEN.length() - 1))).isFalse();
        assertThat(withToken.isToken(TOKEN + "4")).isFalse();
        assertThat(withToken.isToken("X" + TOKEN.substring(1))).isFalse();
        assertThat(withToken.isToken(TOKEN.substring(0, TOKEN.length() - 1) + "X")).isFalse();
        assertThat(local.isToken(TOKEN)).as("a console without a token has none").isFalse();
    }

    @Test
    void secretsAreComparedWholeWhateverTheirLengths() {
        // Equal digests of the two, compared by MessageDigest.isEqual: every byte is looked at.
        assertThat(Access.equal("abc", "abc")).isTrue();
        assertThat(Access.equal("abc", "abd")).isFalse();
        assertThat(Access.equal("abc", "ab")).isFalse();
        assertThat(Access.equal("abc", "abcabc")).isFalse();
        assertThat(Access.equal("abc", null)).isFalse();
        assertThat(Access.equal("", "")).isTrue();
    }

    @Test
    void theTokenCookieIsHttpOnlyStrictAndSecureOverHttps() {
        String plain = withToken.tokenCookie();
        String secure = new Access(tokenSettings(List.of(), true)).tokenCookie();

        assertThat(plain)
                .startsWith(Access.COOKIE + "=" + TOKEN + ";")
                .contains("HttpOnly", "SameSite=Strict", "Path=/")
                .doesNotContain("Secure");
        assertThat(secure).contains("HttpOnly", "SameSite=Strict", "; Secure");
    }

    @Test
    void aPostNeedsTheCsrfHeaderOfThePage() {
        Headers without = headers("127.0.0.1:8088");
        Headers stale = csrf("a-value-of-another-console");
        Headers right = csrf(local.csrfValue());

        assertThat(local.check("POST", without).status()).isEqualTo(403);
        assertThat(local.check("POST", without).why()).contains(Access.CSRF_HEADER);
        assertThat(local.check("POST", stale).status()).isEqualTo(403);
        assertThat(local.check("POST", right)).matches(Verdict::allowed);
        assertThat(local.check("GET", without)).matches(Verdict::allowed);
    }

    @Test
    void eachConsoleMakesItsOwnCsrfValue() {
        assertThat(local.csrfValue())
                .hasSizeGreaterThanOrEqualTo(32)
                .isNotEqualTo(new Access(ConsoleSettings.local(8088)).csrfValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cross-site", "same-site"})
    void aRequestAnotherSiteMadeIsRefused(String fetchSite) {
        Headers headers =
                new Headers("127.0.0.1:8088", null, fetchSite, null, null, local.csrfValue());

        assertThat(local.check("GET", headers).status()).isEqualTo(403);
        assertThat(local.check("POST", headers).status()).isEqualTo(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"same-origin", "none"})
    void theConsolesOwnPageAndATypedAddressAreAnswered(String fetchSite) {
        Headers headers =
                new Headers("127.0.0.1:8088", null, fetchSite, null, null, local.csrfValue());

        assertThat(local.check("POST", headers)).matches(Verdict::allowed);
    }

    @Test
    void anOriginOfAnotherSiteIsRefused() {
        assertThat(local.check("POST", origin("http://evil.example")).status()).isEqualTo(403);
        assertThat(local.check("POST", origin("http://localhost:8088")).status())
                .as("another origin of the same machine")
                .isEqualTo(403);
        assertThat(local.check("POST", origin("http://127.0.0.1:8088"))).matches(Verdict::allowed);
        assertThat(local.check("POST", origin("not a uri")).status()).isEqualTo(403);
    }

    @Test
    void aNullOriginIsRefusedForAPost() {
        // A sandboxed frame or a file: it could carry a stolen CSRF value, never a real origin.
        assertThat(local.check("POST", origin("null")).status()).isEqualTo(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "get"})
    void onlyGetHeadAndPostAreAnswered(String method) {
        Verdict verdict = local.check(method, csrf(local.csrfValue()));

        assertThat(verdict.status()).isEqualTo(405);
        assertThat(verdict.why()).contains("GET and POST");
    }

    @Test
    void headIsAReadLikeGet() {
        assertThat(local.check("HEAD", headers("127.0.0.1"))).matches(Verdict::allowed);
    }

    @Test
    void hostNamesLoseTheirPortAndCase() {
        assertThat(Access.hostName("LocalHost:8088")).isEqualTo("localhost");
        assertThat(Access.hostName("[::1]:8088")).isEqualTo("[::1]");
        assertThat(Access.hostName("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(Access.hostName(null)).isEmpty();
    }

    /** Settings with the token, behind a TLS proxy when {@code secure}. */
    private static ConsoleSettings tokenSettings(List<String> allowedHosts, boolean secure) {
        return new ConsoleSettings(
                "0.0.0.0", 8088, Optional.of(TOKEN), Optional.empty(), secure, allowedHosts);
    }

    private static Headers headers(String host) {
        return new Headers(host, null, null, null, null, null);
    }

    private static Headers cookie(String cookie) {
        return new Headers("127.0.0.1:8088", null, null, cookie, null, null);
    }

    private static Headers bearer(String host, String token) {
        return new Headers(host, null, null, null, "Bearer " + token, null);
    }

    private static Headers authorization(String authorization) {
        return new Headers("127.0.0.1:8088", null, null, null, authorization, null);
    }

    private Headers csrf(String value) {
        return new Headers("127.0.0.1:8088", null, null, null, null, value);
    }

    private Headers origin(String origin) {
        return new Headers("127.0.0.1:8088", origin, null, null, null, local.csrfValue());
    }
}
