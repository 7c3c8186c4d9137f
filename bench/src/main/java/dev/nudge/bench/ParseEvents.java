package dev.nudge.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.nudge.event.EventParser;
import dev.nudge.event.InvalidEventException;
import java.io.IOException;

/**
 * The Kafka source's parse of {@code user-events} records against Jackson's token stream over the
 * same bytes (every token read, every text made a String): what checking and building the event
 * adds to reading the JSON. A change to the parser is held against that ratio before and after.
 */
final class ParseEvents {
    private static final JsonFactory JSON = new JsonFactory();

    private final byte[][] records;
    private final EventParser parser = EventParser.forHistory(65_536);

    ParseEvents(Dataset data) {
        this.records = data.records;
    }

    int records() {
        return records.length;
    }

    long tokens() throws IOException {
        long count = 0;
        for (byte[] record : records) {
            try (JsonParser p = JSON.createParser(record)) {
                JsonToken token;
                while ((token = p.nextToken()) != null) {
                    count += token == JsonToken.VALUE_STRING ? p.getText().length() : 1;
                }
            }
        }
        return count;
    }

    long events() {
        long count = 0;
        for (byte[] record : records) {
            try {
                count += parser.parse(record).ts() & 1;
            } catch (InvalidEventException e) {
                count += 2;
            }
        }
        return count;
    }
}
