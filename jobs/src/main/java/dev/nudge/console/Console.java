package dev.nudge.console;

import dev.nudge.console.change.ChangeDesk;
import dev.nudge.console.live.LiveView;
import dev.nudge.console.user.UserLookup;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console as a whole: its server and its parts, started together and closed together. The
 * {@code console} command and the demo both start it this way.
 */
public final class Console implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);

    private final ConsoleServer server;
    private final List<ConsolePart> parts;

    private Console(ConsoleServer server, List<ConsolePart> parts) {
        this.server = server;
        this.parts = parts;
    }

    /**
     * Starts the console's parts and its server; on failure stops what was started.
     *
     * @throws IOException when the address cannot be listened on
     * @throws GeneralSecurityException when the TLS key store cannot be used
     */
    public static Console start(ConsoleSettings settings, ConsoleSources sources)
            throws IOException, GeneralSecurityException {
        List<ConsolePart> parts = new ArrayList<>();
        ConsoleServer server =
                new ConsoleServer(settings).pageValue("changedBy", sources.changedBy());
        Console console = new Console(server, parts);
        try {
            parts.addAll(parts(sources));
            parts.forEach(part -> part.register(server));
            server.start();
            LOG.info("console listening at {}", server.url());
            return console;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            console.close();
            throw e;
        }
    }

    /**
     * The console's parts, each with the sources it needs. The live view comes first: it is the
     * {@link InForce.Tracker} the parts that publish or explain ask for the configuration in force
     * (pass {@code live} to them here).
     */
    private static List<ConsolePart> parts(ConsoleSources sources) {
        LiveView live = LiveView.start(sources);
        return List.of(live, new ChangeDesk(sources, live), new UserLookup(sources));
    }

    /**
     * What knows the configuration in force: the live view, which reads it from the acks and
     * control topics; one that knows nothing when there is none.
     */
    public InForce.Tracker inForce() {
        return parts.stream()
                .filter(InForce.Tracker.class::isInstance)
                .map(InForce.Tracker.class::cast)
                .findFirst()
                .orElse(Optional::empty);
    }

    /** The address a browser on this machine opens. */
    public URI url() {
        return server.url();
    }

    @Override
    public void close() {
        server.close();
        for (ConsolePart part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("console: stopping {} failed", part.getClass().getSimpleName(), e);
            }
        }
    }
}
