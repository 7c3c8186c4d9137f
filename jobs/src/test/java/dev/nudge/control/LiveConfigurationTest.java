package dev.nudge.control;

import static dev.nudge.control.ConfigGateTest.patterns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nudge.config.PatternsConfig;
import org.junit.jupiter.api.Test;

/** Tests for {@link LiveConfiguration}: which configuration a restored job carries on with. */
class LiveConfigurationTest {
    private static final String FILE = patterns("v1", true, 50, "2h", "30m");

    @Test
    void withNothingRestoredTheFileApplies() {
        LiveConfiguration live = LiveConfiguration.choose(config(FILE), FILE, null);

        assertThat(live.restored()).isFalse();
        assertThat(live.config().version()).isEqualTo("v1");
        assertThat(live.explanation()).contains("version v1 from the configuration file");
    }

    @Test
    void theVersionAppliedLiveBeforeTheRestoreWinsOverTheFileItStartedWith() {
        String applied = patterns("v2", false, 90, "2h", "30m");

        LiveConfiguration live = LiveConfiguration.choose(config(FILE), FILE, applied);

        assertThat(live.restored()).isTrue();
        assertThat(live.config().version()).isEqualTo("v2");
        assertThat(live.config().pattern("browse").enabled()).isFalse();
        assertThat(live.document()).isEqualTo(applied);
        assertThat(live.explanation())
                .contains("version v2 applied live before the restore")
                .contains("not the configuration file's version v1");
    }

    @Test
    void aDocumentAppliedUnderLooserChecksThatNoLongerReadsGivesWayToTheFile() {
        // Templates with spaces were accepted before templates had a character set.
        String applied = patterns("v2", false, 90, "2h", "30m").replace("browse_v1", "browse v1");

        LiveConfiguration live = LiveConfiguration.choose(config(FILE), FILE, applied);

        assertThat(live.restored()).isFalse();
        assertThat(live.config().version()).isEqualTo("v1");
        assertThat(live.explanation())
                .contains("does not pass this version's checks")
                .contains("template");
    }

    @Test
    void aNewerFileIsAnUpgradeAndWins() {
        String upgrade = patterns("v3", true, 50, "3h", "30m");
        String applied = patterns("v2", false, 90, "2h", "30m");

        LiveConfiguration live = LiveConfiguration.choose(config(upgrade), upgrade, applied);

        assertThat(live.restored()).isFalse();
        assertThat(live.config().version()).isEqualTo("v3");
        assertThat(live.explanation()).contains("newer than version v2");
    }

    @Test
    void aFileThatIsNotNewerButChangesWhatNeedsARestartStopsTheStartWithTheFix() {
        String edited = patterns("v1", true, 50, "3h", "30m");
        String applied = patterns("v2", false, 90, "2h", "30m");

        assertThatThrownBy(() -> LiveConfiguration.choose(config(edited), edited, applied))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version v2 restored from the checkpoint")
                .hasMessageContaining("patterns[cart].params")
                .hasMessageContaining("Start with a file whose version is newer than v2");
    }

    private static PatternsConfig config(String document) {
        return LiveConfiguration.read(document);
    }
}
