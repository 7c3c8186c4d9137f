package dev.nudge.state;

import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes per-user state compactly: variable-length integers, length-prefixed UTF-8 strings, and
 * times as small deltas from a base time (most state times sit near the user's clock).
 */
public final class StateOutput {
    /** The time written for "no time"; see {@link #writeTime(long)}. */
    public static final long NO_TIME = Long.MIN_VALUE;

    private final DataOutput out;
    private final long base;

    public StateOutput(DataOutput out, long base) {
        this.out = out;
        this.base = base;
    }

    public void writeByte(int value) throws IOException {
        out.writeByte(value);
    }

    public void writeLong(long value) throws IOException {
        out.writeLong(value);
    }

    public void writeDouble(double value) throws IOException {
        out.writeDouble(value);
    }

    public void writeBoolean(boolean value) throws IOException {
        out.writeBoolean(value);
    }

    public void writeVarInt(int value) throws IOException {
        writeVarLong(value & 0xFFFFFFFFL);
    }

    public void writeVarLong(long value) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    public void writeSignedVarLong(long value) throws IOException {
        writeVarLong((value << 1) ^ (value >> 63));
    }

    /** A time in epoch milliseconds, or {@link #NO_TIME}. */
    public void writeTime(long time) throws IOException {
        if (time == NO_TIME) {
            writeVarLong(0);
        } else {
            long delta = time - base;
            writeVarLong(((delta << 1) ^ (delta >> 63)) + 1);
        }
    }

    /** A string that may be {@code null}. */
    public void writeString(String value) throws IOException {
        if (value == null) {
            writeVarInt(0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeVarInt(bytes.length + 1);
        out.write(bytes);
    }
}
