package dev.nudge.job;

import dev.nudge.journey.Journey;
import dev.nudge.journey.JourneyCodec;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's view of {@link JourneyCodec}: the per-user state is written in Nudge's own compact,
 * versioned format rather than by reflection, so it is small, fast on RocksDB, never falls back to
 * Kryo, and evolves under the project's control. Each instance encodes into its own buffer, so
 * Flink gets a fresh instance per thread through {@link #duplicate()}.
 */
public final class JourneySerializer extends TypeSerializer<Journey> {
    private static final long serialVersionUID = 1L;

    private transient StateOutput encoder;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<Journey> duplicate() {
        return new JourneySerializer();
    }

    @Override
    public Journey createInstance() {
        return new Journey();
    }

    @Override
    public Journey copy(Journey from) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serialize(from, out);
            return JourneyCodec.read(
                    new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Journey copy(Journey from, Journey reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Journey journey, DataOutputView target) throws IOException {
        if (encoder == null) {
            encoder = new StateOutput(512);
        }
        JourneyCodec.write(journey, target, encoder);
    }

    @Override
    public Journey deserialize(DataInputView source) throws IOException {
        return JourneyCodec.read(source);
    }

    @Override
    public Journey deserialize(Journey reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JourneySerializer;
    }

    @Override
    public int hashCode() {
        return JourneySerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Journey> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format is versioned inside each value, so every snapshot is compatible as is. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Journey> {
        public Snapshot() {
            super(JourneySerializer::new);
        }
    }
}
