package dev.nudge.connect;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a file line by line as raw bytes (so that invalid UTF-8 can be reported, not replaced),
 * without its LF or CRLF end, keeping at most {@code maxBytes + 1} bytes of any one line: an
 * oversized line costs no more memory than the limit.
 */
public final class LineReader {
    private final InputStream in;
    private final byte[] buffer;
    private int stored;
    private long length;
    private long lineNumber;

    /**
     * @param in a buffered stream
     */
    public LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.buffer = new byte[maxBytes + 1];
    }

    /** Moves to the next line; false at the end of the input. */
    public boolean next() throws IOException {
        int b = in.read();
        if (b < 0) {
            return false;
        }
        lineNumber++;
        stored = 0;
        length = 0;
        boolean carriageReturn = false;
        while (b >= 0 && b != '\n') {
            if (stored < buffer.length) {
                buffer[stored++] = (byte) b;
            }
            carriageReturn = b == '\r';
            length++;
            b = in.read();
        }
        if (carriageReturn) {
            length--;
            stored = (int) Math.min(stored, length);
        }
        return true;
    }

    /** The 1-based number of the current line. */
    public long lineNumber() {
        return lineNumber;
    }

    /** The full length of the current line, which may exceed what {@link #bytes} holds. */
    public long length() {
        return length;
    }

    /** Whether the current line is longer than the limit (then {@link #bytes} is truncated). */
    public boolean isOversized() {
        return length >= buffer.length;
    }

    /** The current line's bytes, truncated to the limit + 1 when oversized. */
    public byte[] bytes() {
        return Arrays.copyOf(buffer, stored);
    }
}
