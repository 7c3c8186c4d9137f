package dev.nudge.tail;

import dev.nudge.job.JobSettings;

/**
 * The topic {@code tail} reads and what its records are.
 *
 * @param name the topic's full name on the cluster
 * @param kind what its records are
 * @param setting where the name comes from, for a message when the topic is missing: {@code
 *     topics.actions} for one of the job's topics, null for a name given in full that is none of
 *     them
 */
public record TailedTopic(String name, RecordKind kind, String setting) {

    /** Actions, the topic senders read, when no topic is given. */
    public static final String DEFAULT = RecordKind.ACTIONS.shortName();

    /**
     * The topic {@code given} names: a short name ({@code actions}, {@code dead-letters} ...) is
     * the job's topic as {@code topics} names it; a full name is read as it is, and its records are
     * of the job's topic it names in {@code topics}, or whose default name it is or ends with after
     * a separator ({@code prod.marketing-actions}), else {@link RecordKind#OTHER}.
     */
    public static TailedTopic of(String given, JobSettings.Topics topics) {
        String name = given == null ? DEFAULT : given;
        for (RecordKind kind : RecordKind.ofTheJob()) {
            if (kind.shortName().equals(name)) {
                var topic = kind.topic().orElseThrow();
                return new TailedTopic(topic.in(topics), kind, "topics." + topic.key());
            }
        }
        for (RecordKind kind : RecordKind.ofTheJob()) {
            var topic = kind.topic().orElseThrow();
            if (topic.in(topics).equals(name)) {
                return new TailedTopic(name, kind, "topics." + topic.key());
            }
        }
        for (RecordKind kind : RecordKind.ofTheJob()) {
            String standard = kind.topic().orElseThrow().defaultName();
            if (name.equals(standard) || endsAfterSeparator(name, standard)) {
                return new TailedTopic(name, kind, null);
            }
        }
        return new TailedTopic(name, RecordKind.OTHER, null);
    }

    private static boolean endsAfterSeparator(String name, String suffix) {
        if (name.length() <= suffix.length() || !name.endsWith(suffix)) {
            return false;
        }
        char before = name.charAt(name.length() - suffix.length() - 1);
        return before == '.' || before == '_' || before == '-';
    }
}
