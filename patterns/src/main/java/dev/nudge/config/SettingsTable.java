package dev.nudge.config;

import java.util.List;

/**
 * The README's table of a document's settings, written from their declarations: one row per
 * setting, in declaration order.
 */
public final class SettingsTable {
    private SettingsTable() {}

    /**
     * The table in Markdown, each line ending with a line break.
     *
     * @param withApplies whether to say which settings apply live (those of a document that is
     *     published to the running job)
     */
    public static String of(List<Setting<?>> settings, boolean withApplies) {
        StringBuilder table = new StringBuilder();
        table.append(
                withApplies
                        ? "| key | default | allowed | applies | meaning |\n"
                        : "| key | default | allowed | meaning |\n");
        table.append(withApplies ? "|---|---|---|---|---|\n" : "|---|---|---|---|\n");
        for (Setting<?> setting : settings) {
            table.append("| `").append(setting.key()).append("` | ");
            table.append(cell(setting.documentedDefault())).append(" | ");
            table.append(cell(setting.allowed())).append(" | ");
            if (withApplies) {
                String applies = setting.isRemoved() ? "" : setting.isLive() ? "live" : "restart";
                table.append(applies).append(" | ");
            }
            String meaning =
                    setting.isRemoved()
                            ? "removed: " + setting.description()
                            : setting.description();
            table.append(cell(meaning)).append(" |\n");
        }
        return table.toString();
    }

    /** The params of a pattern type in a few words: {@code `window` (2h, 1m–7d)}, and so on. */
    public static String params(PatternType type) {
        return String.join(", ", type.params().all().stream().map(Setting::summary).toList());
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
