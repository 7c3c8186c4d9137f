package dev.nudge.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.connect.Outbound;
import dev.nudge.control.ConfigUpdate;
import dev.nudge.control.ControlAck;
import dev.nudge.control.ControlDocument;
import dev.nudge.event.DeadLetter;
import dev.nudge.event.Ingested;
import dev.nudge.event.UserEvent;
import dev.nudge.flow.FlowEvent;
import dev.nudge.journey.OpenEpisode;
import dev.nudge.pattern.Match;
import dev.nudge.policy.Action;
import dev.nudge.policy.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.CompositeType;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every record that crosses an operator boundary is serialized by Flink without Kryo. */
class SerializationTest {

    static Stream<Class<?>> streamedTypes() {
        return Stream.of(
                Ingested.class,
                UserEvent.class,
                DeadLetter.class,
                Decision.class,
                Action.class,
                OpenEpisode.class,
                FlowEvent.class,
                Match.class,
                Outbound.class,
                ControlDocument.class,
                ConfigUpdate.class,
                ControlAck.class);
    }

    @ParameterizedTest
    @MethodSource("streamedTypes")
    void hasNoGenericTypeAnywhereInside(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);

        assertThat(genericParts(info)).as("Kryo-serialized parts of %s", type).isEmpty();
        SerializerConfigImpl strict = new SerializerConfigImpl();
        strict.setGenericTypes(false);
        assertThat(info.createSerializer(strict)).isNotNull();
    }

    private static List<String> genericParts(TypeInformation<?> info) {
        List<String> generic = new ArrayList<>();
        collect(info, generic);
        return generic;
    }

    private static void collect(TypeInformation<?> info, List<String> generic) {
        if (info instanceof GenericTypeInfo<?>) {
            generic.add(info.toString());
        }
        if (info instanceof CompositeType<?> composite) {
            for (int i = 0; i < composite.getArity(); i++) {
                collect(composite.getTypeAt(i), generic);
            }
        }
        for (TypeInformation<?> parameter : info.getGenericParameters().values()) {
            collect(parameter, generic);
        }
    }
}
