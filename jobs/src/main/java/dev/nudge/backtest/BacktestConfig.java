package dev.nudge.backtest;

import dev.nudge.config.LifecycleSpec;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfig;
import java.util.List;
import java.util.Map;

/**
 * The configuration a backtest ran, as its report needs it: the file and the version to name at the
 * top, so that two reports can be told apart; every pattern, so that one without a match is still a
 * row with the reason why ({@link NoMatchReasons}); the lifecycle those reasons quote; and per flow
 * its steps in order with their kinds ({@link FlowFunnels#layout}).
 *
 * @param file the patterns file as given on the command line
 */
record BacktestConfig(
        String file,
        String version,
        List<PatternSpec> patterns,
        LifecycleSpec lifecycle,
        Map<String, Map<String, String>> flows) {

    BacktestConfig {
        patterns = List.copyOf(patterns);
    }

    static BacktestConfig of(String file, PatternsConfig config) {
        return new BacktestConfig(
                file,
                config.version(),
                config.patterns(),
                config.lifecycle(),
                FlowFunnels.layout(config));
    }
}
