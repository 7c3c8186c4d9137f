package dev.nudge.cli;

import dev.nudge.backtest.HistoryFormat;
import dev.nudge.config.ConfigException;
import dev.nudge.config.ConfigLimits;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.config.Shown;
import dev.nudge.console.Access;
import dev.nudge.console.Console;
import dev.nudge.console.ConsoleSettings;
import dev.nudge.console.ConsoleSources;
import dev.nudge.job.JobSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code console --bootstrap HOST:PORT [--flink URL]}: the operators' web page on the running job.
 * Reads the job's topics with {@code read_committed}, writes only {@code marketing-control}, with
 * the operators' client properties ({@code --command-config}).
 */
@Command(
        name = "console",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        usageHelpWidth = 100,
        description = {
            "Serves the operator console, a web page on the running job, until Ctrl-C.",
            "It shows the configuration in force, what each pattern and flow did in the last hour"
                    + " and day, and the job's health; it edits, checks, compares, backtests and"
                    + " publishes pattern configurations, with a kill switch per pattern; and it"
                    + " explains what happened to one user.",
            "It listens on 127.0.0.1 unless --host says otherwise; listening beyond this machine"
                    + " needs --token-file and HTTPS (--tls-keystore, or --behind-tls-proxy).",
            "Exit 0 when stopped with Ctrl-C; 1 when an option is wrong or the address is taken."
        })
final class ConsoleCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin KafkaReading kafka;

    @Option(
            names = "--flink",
            paramLabel = "URL",
            description = "Flink's REST address, for the job's health (e.g. http://flink:8081)")
    String flink;

    @Option(
            names = "--patterns",
            paramLabel = "FILE",
            description =
                    "the patterns.yaml the job was started with: in force until a version is"
                            + " applied live")
    Path patterns;

    @Option(
            names = "--history",
            paramLabel = "FILE",
            description = "a history file the page may backtest edited patterns on")
    Path history;

    @Option(
            names = "--history-format",
            paramLabel = "NAME",
            description = "how to read --history (default: guessed from the file)")
    String historyFormat;

    @Option(
            names = "--changed-by",
            paramLabel = "NAME",
            defaultValue = "${sys:user.name}",
            description = "who publishes from this console (default: ${DEFAULT-VALUE})")
    String changedBy;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "the address to listen on (default: ${DEFAULT-VALUE})")
    String host;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "8088",
            description = "the port to listen on; 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "a file holding the secret every browser must present")
    Path tokenFile;

    @Option(
            names = "--tls-keystore",
            paramLabel = "FILE",
            description = "a PKCS#12 key store with the certificate to serve HTTPS with")
    Path tlsKeyStore;

    @Option(
            names = "--tls-password-file",
            paramLabel = "FILE",
            description = "a file holding the key store's password")
    Path tlsPasswordFile;

    @Option(
            names = "--behind-tls-proxy",
            description = "a reverse proxy in front terminates HTTPS (docs/console.md shows one)")
    boolean behindTlsProxy;

    @Option(
            names = "--allowed-host",
            paramLabel = "NAME",
            description = "a host name browsers use to reach the console, e.g. a proxy's")
    List<String> allowedHosts = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        ConsoleSettings settings;
        ConsoleSources sources;
        try {
            settings = settings();
            Optional<String> problem = settings.problem();
            if (problem.isPresent()) {
                out.println(problem.get());
                return 1;
            }
            sources = sources();
        } catch (OptionException e) {
            out.println(e.getMessage());
            return 1;
        }
        Console console;
        try {
            console = Console.start(settings, sources);
        } catch (BindException e) {
            out.printf(
                    "--port %d: %s:%d is taken; give another --port, or 0 for any free one%n",
                    port, host, port);
            return 1;
        } catch (IOException | GeneralSecurityException e) {
            out.printf("The console could not start: %s%n", Shown.clipped(String.valueOf(e), 300));
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    console.close();
                                    stopped.countDown();
                                },
                                "console-stop"));
        out.printf("Nudge console at %s%s%n", console.url(), tokenHint());
        out.println("Ctrl-C stops it.");
        out.flush();
        stopped.await();
        return 0;
    }

    private String tokenHint() {
        return tokenFile == null
                ? ""
                : " - open it once as " + "?token=<the token in " + tokenFile + ">";
    }

    private ConsoleSettings settings() throws OptionException {
        Optional<String> token =
                tokenFile == null
                        ? Optional.empty()
                        : Optional.of(secret("--token-file", tokenFile));
        if (token.isPresent() && token.get().length() < Access.MIN_TOKEN_LENGTH) {
            throw new OptionException(
                    "--token-file "
                            + tokenFile
                            + ": the token is "
                            + token.get().length()
                            + " characters; use at least "
                            + Access.MIN_TOKEN_LENGTH
                            + ", e.g. from: openssl rand -hex 24");
        }
        Optional<ConsoleSettings.Tls> tls = Optional.empty();
        if (tlsKeyStore != null) {
            if (tlsPasswordFile == null) {
                throw new OptionException(
                        "--tls-keystore "
                                + tlsKeyStore
                                + ": give its password with --tls-password-file FILE");
            }
            if (!Files.isReadable(tlsKeyStore)) {
                throw new OptionException(
                        "--tls-keystore " + tlsKeyStore + ": no such readable file");
            }
            char[] password = secret("--tls-password-file", tlsPasswordFile).toCharArray();
            try {
                KeyStore.getInstance(tlsKeyStore.toFile(), password);
            } catch (IOException | GeneralSecurityException e) {
                throw new OptionException(
                        "--tls-keystore "
                                + tlsKeyStore
                                + ": cannot be opened with the password of --tls-password-file"
                                + " (expected a PKCS#12 or JKS key store, e.g. made with keytool"
                                + " -genkeypair -storetype PKCS12)");
            }
            tls = Optional.of(new ConsoleSettings.Tls(tlsKeyStore, password));
        }
        return new ConsoleSettings(host, port, token, tls, behindTlsProxy, allowedHosts);
    }

    private ConsoleSources sources() throws OptionException {
        JobSettings settings;
        Properties consumer;
        Properties producer;
        try {
            settings = kafka.settings();
        } catch (ConfigException e) {
            throw new OptionException(
                    "--job "
                            + kafka.job
                            + ": "
                            + String.join("; ", e.firstErrors(ConfigLimits.MAX_LISTED_ERRORS)));
        } catch (IOException e) {
            throw new OptionException("--job " + kafka.job + ": cannot be read");
        }
        try {
            consumer = kafka.consumer(settings);
            producer = CommandConfig.addTo(new Properties(), kafka.clientConfig);
            producer.put("bootstrap.servers", consumer.getProperty("bootstrap.servers"));
        } catch (IOException | IllegalArgumentException e) {
            throw new OptionException(
                    "--command-config "
                            + kafka.clientConfig
                            + ": cannot be read as Kafka client properties (name=value lines)");
        }
        if (!ConfigLimits.CHANGED_BY.accepts(changedBy)) {
            throw new OptionException(
                    "--changed-by \""
                            + Shown.abbreviated(changedBy, 80)
                            + "\": expected "
                            + ConfigLimits.CHANGED_BY.describe());
        }
        return new ConsoleSources(
                settings,
                consumer,
                producer,
                flinkAddress(),
                historyFile(),
                startedWith(),
                changedBy);
    }

    private Optional<URI> flinkAddress() throws OptionException {
        if (flink == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(flink.endsWith("/") ? flink.substring(0, flink.length() - 1) : flink);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
                    || uri.getHost() == null) {
                throw new URISyntaxException(flink, "not an http(s) address");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new OptionException(
                    "--flink " + flink + ": expected Flink's REST address, e.g. http://flink:8081");
        }
    }

    private Optional<ConsoleSources.History> historyFile() throws OptionException {
        if (history == null) {
            if (historyFormat != null) {
                throw new OptionException(
                        "--history-format " + historyFormat + ": give the file with --history");
            }
            return Optional.empty();
        }
        if (!Files.isRegularFile(history) || !Files.isReadable(history)) {
            throw new OptionException("--history " + history + ": no such readable file");
        }
        if (historyFormat == null) {
            return Optional.of(new ConsoleSources.History(history, Optional.empty()));
        }
        if (!HistoryFormat.NAMES.contains(historyFormat)) {
            throw new OptionException(
                    "--history-format "
                            + historyFormat
                            + ": expected one of "
                            + String.join(", ", HistoryFormat.NAMES));
        }
        return Optional.of(
                new ConsoleSources.History(
                        history, Optional.of(HistoryFormat.named(historyFormat))));
    }

    private Optional<ConsoleSources.Document> startedWith() throws OptionException {
        if (patterns == null) {
            return Optional.empty();
        }
        try {
            String text = ValidateCommand.readText(patterns);
            // The job could not have started with an invalid document: it is not the one in force.
            PatternsConfigReader.read(text, patterns.toString());
            return Optional.of(new ConsoleSources.Document(text, patterns.toString()));
        } catch (IOException e) {
            throw new OptionException("--patterns " + e.getMessage());
        } catch (ConfigException e) {
            throw new OptionException(
                    "--patterns "
                            + patterns
                            + ": "
                            + String.join("; ", e.firstErrors(3))
                            + " (nudge validate "
                            + patterns
                            + " lists every error)");
        }
    }

    /** The first line of a file holding a secret, never shown. */
    private static String secret(String option, Path file) throws OptionException {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            int end = text.indexOf('\n');
            String line = end < 0 ? text : text.substring(0, end).strip();
            if (line.isEmpty()) {
                throw new OptionException(option + " " + file + ": the file is empty");
            }
            return line;
        } catch (IOException e) {
            throw new OptionException(option + " " + file + ": cannot be read");
        }
    }

    /** A wrong option, in one line that names it, its value and the fix. */
    private static final class OptionException extends Exception {
        OptionException(String message) {
            super(message);
        }
    }
}
