package dev.nudge.state;

import java.io.DataInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads what {@link StateOutput} wrote, with the same base time. */
public final class StateInput {
    private final DataInput in;
    private final long base;

    public StateInput(DataInput in, long base) {
        this.in = in;
        this.base = base;
    }

    public int readByte() throws IOException {
        return in.readByte();
    }

    public long readLong() throws IOException {
        return in.readLong();
    }

    public double readDouble() throws IOException {
        return in.readDouble();
    }

    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    public int readVarInt() throws IOException {
        return (int) readVarLong();
    }

    public long readVarLong() throws IOException {
        long result = 0;
        int shift = 0;
        while (true) {
            byte b = in.readByte();
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
            shift += 7;
            if (shift > 63) {
                throw new IOException("malformed variable-length integer in state");
            }
        }
    }

    public long readSignedVarLong() throws IOException {
        long raw = readVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    public long readTime() throws IOException {
        long raw = readVarLong();
        if (raw == 0) {
            return StateOutput.NO_TIME;
        }
        raw -= 1;
        return base + ((raw >>> 1) ^ -(raw & 1));
    }

    public String readString() throws IOException {
        int length = readVarInt();
        if (length == 0) {
            return null;
        }
        byte[] bytes = new byte[length - 1];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
