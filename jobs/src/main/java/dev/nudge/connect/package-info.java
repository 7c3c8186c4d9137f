/**
 * The connectors that plug the job into Kafka and files: the source with its deserializers, the one
 * exactly-once sink for every output and its serializer, the size bounds of what is written, client
 * and security settings, JSON-lines files.
 *
 * <p>May import: {@code event}, {@code config}, {@code pattern}, {@code wire}, {@code control},
 * {@code job}.
 */
package dev.nudge.connect;
