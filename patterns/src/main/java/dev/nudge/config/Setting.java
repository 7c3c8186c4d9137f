package dev.nudge.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One setting of a configuration document, declared once: its key, its type and bounds, its
 * default, whether a running job applies a change of it live, and what it means. The document's
 * reader reads it through this declaration, the keys a block of the document allows come from the
 * declarations under it, {@code diff} names and classifies its changes by it, and the README's
 * tables of settings are written from it (a test fails when they disagree).
 *
 * <p>Declared with a builder, as Flink declares its options:
 *
 * <pre>{@code
 * static final Setting<Duration> SILENT_AFTER =
 *         DECLARED.key("lifecycle.silentAfter")
 *                 .type(SettingType.duration(Duration.ofDays(1), ONE_YEAR))
 *                 .defaultValue(Duration.ofDays(30))
 *                 .in(PatternsConfig.class, config -> config.lifecycle().silentAfter())
 *                 .withDescription("a user without a purchase this long becomes SILENT");
 * }</pre>
 *
 * @param <T> the value as the job uses it
 */
public final class Setting<T> {
    /** When a changed value takes effect in a running job. */
    public enum Applies {
        /** From the next decision after the document is applied, with no restart. */
        LIVE,
        /** With a restart from a savepoint: the job built something from it when it started. */
        RESTART
    }

    private final String key;
    private final SettingType<T> type;
    private final T defaultValue;
    private final String missing;
    private final String absent;
    private final String unit;
    private final Applies applies;
    private final Class<?> owner;
    private final Function<Object, ?> accessor;
    private final String description;

    private Setting(Builder<T> builder, String description) {
        this.key = builder.key;
        this.type = builder.type;
        this.defaultValue = builder.defaultValue;
        this.missing = builder.missing;
        this.absent = builder.absent;
        this.unit = builder.unit;
        this.applies = builder.applies;
        this.owner = builder.owner;
        this.accessor = builder.accessor;
        this.description = Objects.requireNonNull(description);
    }

    /** The key as the README writes it: a path from the document's root, {@code []} for lists. */
    public String key() {
        return key;
    }

    /** The last part of the key: what is written in its block. */
    public String name() {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    /** The key of the block it is written in; empty for the document's root. */
    public String parent() {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? "" : key.substring(0, dot);
    }

    public SettingType<T> type() {
        return type;
    }

    /** The value when none is written; {@code null} when there is none. */
    public T defaultValue() {
        return defaultValue;
    }

    /** Whether a document must write it. */
    public boolean isRequired() {
        return missing != null;
    }

    /** Whether it is a key no longer read, accepted with its one former value. */
    public boolean isRemoved() {
        return type instanceof SettingType.Removed;
    }

    public Applies applies() {
        return applies;
    }

    public boolean isLive() {
        return applies == Applies.LIVE;
    }

    /** What it means, in one line. */
    public String description() {
        return description;
    }

    /** What holds the value once read: a configuration record, or nothing (its parts do). */
    public boolean isIn(Class<?> record) {
        return owner == record;
    }

    /** The value in {@code record}, which {@link #isIn} holds it. */
    public Object valueIn(Object record) {
        if (!owner.isInstance(record)) {
            throw new IllegalArgumentException(key + " is not held in " + record.getClass());
        }
        return accessor.apply(record);
    }

    /**
     * The default for the README: {@code required}, what its absence means, or the value as
     * written, in backticks.
     */
    public String documentedDefault() {
        if (isRemoved()) {
            return "";
        } else if (isRequired()) {
            return "required";
        } else if (absent != null) {
            return absent;
        }
        return defaultValue == null ? "" : "`" + type.written(defaultValue) + "`";
    }

    /**
     * The setting in a few words for a list of parameters: {@code `window` (30m, 1m–7d)}, {@code
     * `to` (SILENT; NEW, ACTIVE, SILENT, CHURNED)}, {@code `steps`}.
     */
    public String summary() {
        String first =
                isRequired()
                        ? null
                        : absent != null
                                ? absent
                                : defaultValue == null ? null : type.written(defaultValue);
        String range = type.range();
        StringBuilder summary = new StringBuilder();
        if (first != null) {
            summary.append(first);
        }
        if (range != null) {
            summary.append(summary.isEmpty() ? "" : type.listsValues() ? "; " : ", ").append(range);
        }
        if (unit != null) {
            summary.append(summary.isEmpty() ? "" : ", ").append(unit);
        }
        return "`" + name() + "`" + (summary.isEmpty() ? "" : " (" + summary + ")");
    }

    /** What may be written, for the README, with the unit the value is in. */
    public String allowed() {
        return type.allowed() + (unit == null ? "" : ", " + unit);
    }

    /**
     * Reads the setting from {@code block}, the block of the document it is written in: its value,
     * or the default when none is written; an error in the block when it is required and missing,
     * or not a value of its type (then the default, or {@code null}).
     */
    public T readFrom(ConfigNode block) {
        if (!isWrittenIn(block.keyPattern())) {
            throw new IllegalStateException(
                    key + " read from " + block.path() + ", not from " + parent());
        }
        String name = name();
        if (type instanceof SettingType.Removed removed) {
            block.removed(name, removed.formerValue(), description);
            return null;
        }
        if (!block.has(name)) {
            if (missing != null) {
                block.error(name, null, missing);
            }
            return defaultValue;
        }
        return type.read(block, name, defaultValue);
    }

    /** Records in {@code block} that the setting is missing, with what to write. */
    public void missingIn(ConfigNode block) {
        block.error(name(), null, missing);
    }

    /**
     * Whether the block at {@code blockKey} is where the setting is written: its parent, or a list
     * of the same items elsewhere ({@code patterns[].action.offers[]} holds the rules of {@code
     * offers[]}).
     */
    private boolean isWrittenIn(String blockKey) {
        String parent = parent();
        return parent.isEmpty()
                ? blockKey.isEmpty()
                : blockKey.equals(parent)
                        || parent.endsWith("[]") && blockKey.endsWith("." + parent);
    }

    @Override
    public String toString() {
        return key;
    }

    /** A key being declared, in {@code declared}; next its type. */
    public static final class Key {
        private final Settings declared;
        private final String key;

        Key(Settings declared, String key) {
            this.declared = declared;
            this.key = key;
        }

        public <T> Builder<T> type(SettingType<T> type) {
            return new Builder<>(declared, key, type);
        }

        /**
         * A key no longer read. A document written for an earlier version that still has it with
         * {@code formerValue}, the one value it ever took, reads as before; any other value is an
         * error whose reason is the description.
         */
        public Builder<Void> removed(String formerValue) {
            return new Builder<>(declared, key, SettingType.removed(formerValue));
        }
    }

    /** A setting being declared; {@link #withDescription} ends it. */
    public static final class Builder<T> {
        private final Settings declared;
        private final String key;
        private final SettingType<T> type;
        private T defaultValue;
        private String missing;
        private String absent;
        private String unit;
        private Applies applies = Applies.RESTART;
        private Class<?> owner;
        private Function<Object, ?> accessor;

        private Builder(Settings declared, String key, SettingType<T> type) {
            this.declared = declared;
            this.key = key;
            this.type = type;
        }

        public Builder<T> defaultValue(T value) {
            this.defaultValue = value;
            return this;
        }

        /**
         * A document must write it.
         *
         * @param expected what to write, for the error when it is missing
         */
        public Builder<T> required(String expected) {
            this.missing = expected;
            return this;
        }

        /**
         * What it means when nothing is written, for the README, e.g. "any", where the default
         * value does not say it (an empty list).
         */
        public Builder<T> absentMeans(String meaning) {
            this.absent = meaning;
            return this;
        }

        /** The unit its value is in, e.g. "in `currency`". */
        public Builder<T> unit(String unit) {
            this.unit = unit;
            return this;
        }

        /**
         * A running job applies a change of it from the next decision. Without this a change needs
         * a restart: a setting is live only when declared so.
         */
        public Builder<T> live() {
            this.applies = Applies.LIVE;
            return this;
        }

        /** Where the value is held once read, for {@code diff}. */
        @SuppressWarnings("unchecked")
        public <R> Builder<T> in(Class<R> record, Function<R, ? extends T> value) {
            this.owner = record;
            this.accessor = (Function<Object, ?>) (Function<?, ?>) value;
            return this;
        }

        /** Ends the declaration with what the setting means, in one line. */
        public Setting<T> withDescription(String description) {
            Setting<T> setting = new Setting<>(this, description);
            declared.add(setting);
            return setting;
        }
    }
}
