package dev.nudge.config;

import dev.nudge.event.Money;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;

/**
 * Values as an operator writes them in a document: durations as {@code 2h}, numbers without a
 * needless {@code .0}, lists as {@code [PUSH, EMAIL]}, records and maps as {@code {key: value}}
 * without their unset ({@code null}) fields. Sets and maps come sorted, so that the same value
 * always reads the same. What {@code diff} shows and the README's tables of settings say.
 */
final class Written {
    private Written() {}

    static String of(Object value) {
        if (value == null) {
            return ConfigChange.NONE;
        } else if (value instanceof Money money) {
            return money.currency();
        } else if (value instanceof Duration duration) {
            return Durations.format(duration);
        } else if (value instanceof Double || value instanceof Float) {
            return number(((Number) value).doubleValue());
        } else if (value instanceof double[] numbers) {
            return list(DoubleStream.of(numbers).boxed());
        } else if (value instanceof String text) {
            return text.isEmpty() ? "\"\"" : text;
        } else if (value instanceof Set<?> values) {
            return list(sorted(values));
        } else if (value instanceof Collection<?> values) {
            return list(values.stream());
        } else if (value instanceof Map<?, ?> map) {
            return fields(sorted(map.keySet()).map(key -> new Field(of(key), map.get(key))));
        } else if (value instanceof Percentile percentile) {
            return percentile.toString();
        } else if (value instanceof SegmentRule rule) {
            return rule.written();
        } else if (value instanceof OutsideTag tag) {
            return tag.values().isEmpty() ? "{}" : "{values: " + of(tag.values()) + "}";
        } else if (value instanceof FrequencyCap cap) {
            // A cap across channels has no channel; the document writes it ANY.
            return fields(
                    Stream.of(
                            new Field("channel", cap.channel() == null ? "ANY" : cap.channel()),
                            new Field("max", cap.max()),
                            new Field("per", cap.per())));
        } else if (value instanceof FlowSpec.Step step) {
            return step(step);
        } else if (value instanceof Record record) {
            return fields(
                    Arrays.stream(record.getClass().getRecordComponents())
                            .map(c -> new Field(c.getName(), component(c, record)))
                            .filter(field -> field.value() != null));
        } else if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        return value.toString();
    }

    /** A flow's step as the document writes it, but for its name (its key has it). */
    private static String step(FlowSpec.Step step) {
        Stream<Field> fields;
        if (step instanceof FlowSpec.Send send) {
            ActionSpec action = send.action();
            String written =
                    fields(
                            Stream.of(
                                    new Field("channels", action.channels()),
                                    new Field("template", action.template()),
                                    new Field("priority", action.priority()),
                                    new Field("cooldown", action.cooldown()),
                                    new Field("ttl", action.ttl()),
                                    new Field("sendTime", action.sendTime()),
                                    new Field("offers", action.offers()),
                                    new Field("variants", action.variants())));
            fields = Stream.of(new Field("send", written), new Field("next", send.next()));
        } else if (step instanceof FlowSpec.Wait wait) {
            Stream<Field> waits =
                    wait.until() == null
                            ? Stream.of(new Field("for", wait.time()))
                            : Stream.of(
                                    new Field("until", wait.until()),
                                    new Field("timeout", wait.time()));
            fields =
                    Stream.of(
                            new Field("wait", fields(waits)),
                            new Field("next", wait.next()),
                            new Field("onTimeout", wait.onTimeout()),
                            new Field("exit", wait.exit()));
        } else {
            FlowSpec.Branch branch = (FlowSpec.Branch) step;
            fields =
                    Stream.of(
                            new Field("branch", branch.cases()),
                            new Field("otherwise", branch.otherwise()));
        }
        return fields(fields.filter(field -> field.value() != null));
    }

    /** The value of one component of a record. */
    static Object component(RecordComponent component, Object record) {
        try {
            var accessor = component.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String list(Stream<?> elements) {
        return elements.map(Written::of).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String fields(Stream<Field> fields) {
        return fields.map(field -> field.name() + ": " + of(field.value()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** In natural order (an enum's declared order), or by how they read when not comparable. */
    private static Stream<?> sorted(Collection<?> values) {
        if (values.stream().allMatch(v -> v instanceof Comparable)) {
            return values.stream().sorted();
        }
        return values.stream().sorted(Comparator.comparing(Written::of));
    }

    /** One {@code name: value} of a record or map as written. */
    private record Field(String name, Object value) {}
}
