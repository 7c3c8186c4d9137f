package dev.nudge.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The settings of one document, or of one part of it, in the order they are declared (the order of
 * {@code diff}'s lines and of the README's tables).
 */
public final class Settings {
    private final List<Setting<?>> all = new ArrayList<>();

    /** Begins the declaration of the setting at {@code key}. */
    public Setting.Key key(String key) {
        return new Setting.Key(this, key);
    }

    void add(Setting<?> setting) {
        for (Setting<?> other : all) {
            if (other.key().equals(setting.key())) {
                throw new IllegalStateException(setting.key() + " is declared twice");
            }
        }
        all.add(setting);
    }

    /** Every setting, in declaration order. */
    public List<Setting<?>> all() {
        return Collections.unmodifiableList(all);
    }

    /**
     * The keys a block of the document may hold: the next part of the key of every setting under
     * {@code block}, e.g. {@code quietHours} and {@code frequencyCaps} under {@code policy}.
     */
    public Set<String> keysUnder(String block) {
        String prefix = block.isEmpty() ? "" : block + ".";
        Set<String> keys = new LinkedHashSet<>();
        for (Setting<?> setting : all) {
            if (setting.key().startsWith(prefix)) {
                String rest = setting.key().substring(prefix.length());
                String next = rest.split("\\.", 2)[0];
                keys.add(next.endsWith("[]") ? next.substring(0, next.length() - 2) : next);
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no settings under " + block);
        }
        return Collections.unmodifiableSet(keys);
    }
}
