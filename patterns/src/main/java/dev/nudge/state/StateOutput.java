package dev.nudge.state;

import dev.nudge.event.Times;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes per-user state compactly into a reusable byte array: variable-length integers,
 * length-prefixed UTF-8 strings, and times as small deltas from a base time (most state times sit
 * near the user's clock). Working on an array, not a stream, keeps the per-byte work inlined: state
 * is written on every event.
 */
public final class StateOutput {

    private byte[] buffer;
    private int position;
    private long base;

    public StateOutput(int capacity) {
        this.buffer = new byte[capacity];
    }

    /** Starts over, with times written relative to {@code base}. */
    public StateOutput reset(long base) {
        this.position = 0;
        this.base = base;
        return this;
    }

    public int size() {
        return position;
    }

    /** The bytes written so far (a live view: valid until the next write or reset). */
    public byte[] buffer() {
        return buffer;
    }

    public void writeByte(int value) {
        ensure(1);
        buffer[position++] = (byte) value;
    }

    public void writeBoolean(boolean value) {
        writeByte(value ? 1 : 0);
    }

    public void writeLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[position++] = (byte) (value >>> shift);
        }
    }

    public void writeDouble(double value) {
        writeLong(Double.doubleToLongBits(value));
    }

    public void writeFloat(float value) {
        writeInt(Float.floatToIntBits(value));
    }

    /** Four bytes, for values that a variable-length integer would not make shorter. */
    public void writeInt(int value) {
        ensure(4);
        buffer[position++] = (byte) (value >>> 24);
        buffer[position++] = (byte) (value >>> 16);
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) value;
    }

    public void writeVarInt(int value) {
        writeVarLong(value & 0xFFFFFFFFL);
    }

    public void writeVarLong(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buffer[position++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[position++] = (byte) value;
    }

    public void writeSignedVarLong(long value) {
        writeVarLong((value << 1) ^ (value >> 63));
    }

    /** A time in epoch milliseconds, or {@link Times#NONE}. */
    public void writeTime(long time) {
        if (time == Times.NONE) {
            writeVarLong(0);
        } else {
            long delta = time - base;
            writeVarLong(((delta << 1) ^ (delta >> 63)) + 1);
        }
    }

    /** A string that may be {@code null}. */
    public void writeString(String value) {
        if (value == null) {
            writeVarInt(0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeVarInt(bytes.length + 1);
        writeBytes(bytes);
    }

    public void writeBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    private void ensure(int more) {
        if (position + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
        }
    }
}
