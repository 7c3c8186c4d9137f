package dev.nudge.cluster;

import dev.nudge.demo.EmbeddedKafka;
import dev.nudge.job.JobSettingsReader;
import java.io.IOException;

/**
 * A Kafka broker in a process of its own, with the job's default topics: prints {@code
 * BOOTSTRAP=host:port} once they exist, then runs until its standard input closes (the parent
 * process ends or closes it) and stops cleanly.
 *
 * <p>Arguments: the number of partitions of the events and output topics.
 */
public final class KafkaBrokerMain {
    public static final String READY = "BOOTSTRAP=";

    private KafkaBrokerMain() {}

    public static void main(String[] args) throws Exception {
        int partitions = Integer.parseInt(args[0]);
        EmbeddedKafka kafka = EmbeddedKafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        kafka.createTopics(
                JobSettingsReader.read(
                                "kafka: {bootstrapServers: \"" + kafka.bootstrapServers() + "\"}\n",
                                "broker topics")
                        .topics(),
                partitions);
        System.out.println(READY + kafka.bootstrapServers());
        System.out.flush();
        try {
            while (System.in.read() != -1) {
                // waits for the end of standard input
            }
        } catch (IOException e) {
            // the parent is gone
        }
        kafka.close();
        System.exit(0);
    }
}
