package dev.nudge.state;

import dev.nudge.event.Times;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads what {@link StateOutput} wrote, from a byte array, with the same base time. */
public final class StateInput {
    private final byte[] buffer;
    private final int end;
    private int position;
    private long base;
    private int format = Integer.MAX_VALUE;

    public StateInput(byte[] buffer, int offset, int length, long base) {
        this.buffer = buffer;
        this.position = offset;
        this.end = offset + length;
        this.base = base;
    }

    /** Changes the base of the times read from now on. */
    public void base(long base) {
        this.base = base;
    }

    /**
     * The format version of what is being read, for parts whose layout changed between versions;
     * the latest unless the reader of the whole says otherwise.
     */
    public int format() {
        return format;
    }

    public void format(int format) {
        this.format = format;
    }

    public int readByte() throws IOException {
        require(1);
        return buffer[position++];
    }

    public boolean readBoolean() throws IOException {
        return readByte() != 0;
    }

    public long readLong() throws IOException {
        require(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (buffer[position++] & 0xFF);
        }
        return value;
    }

    public double readDouble() throws IOException {
        return Double.longBitsToDouble(readLong());
    }

    public float readFloat() throws IOException {
        return Float.intBitsToFloat(readInt());
    }

    public int readInt() throws IOException {
        require(4);
        int value = (buffer[position++] & 0xff) << 24;
        value |= (buffer[position++] & 0xff) << 16;
        value |= (buffer[position++] & 0xff) << 8;
        value |= buffer[position++] & 0xff;
        return value;
    }

    public int readVarInt() throws IOException {
        return (int) readVarLong();
    }

    public long readVarLong() throws IOException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            require(1);
            byte b = buffer[position++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new IOException("malformed variable-length integer in state");
    }

    public long readSignedVarLong() throws IOException {
        long raw = readVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    public long readTime() throws IOException {
        long raw = readVarLong();
        if (raw == 0) {
            return Times.NONE;
        }
        raw -= 1;
        return base + ((raw >>> 1) ^ -(raw & 1));
    }

    public String readString() throws IOException {
        int length = readVarInt() - 1;
        if (length < 0) {
            return null;
        }
        require(length);
        String value = new String(buffer, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    public byte[] readBytes(int length) throws IOException {
        require(length);
        byte[] bytes = Arrays.copyOfRange(buffer, position, position + length);
        position += length;
        return bytes;
    }

    private void require(int bytes) throws IOException {
        if (position + bytes > end) {
            throw new EOFException("state value ends early");
        }
    }
}
