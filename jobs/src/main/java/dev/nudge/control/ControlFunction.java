package dev.nudge.control;

import dev.nudge.config.ConfigDiff;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.PatternsConfigReader;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control operator: one instance reads {@code marketing-control}, decides on each published
 * document once ({@link ConfigGate}), answers on the acks output and passes what applies on, to be
 * broadcast to every journey instance. It checkpoints the configuration in force, so that after a
 * restore it judges the next document against the same one as the journeys do.
 */
public final class ControlFunction extends ProcessFunction<ControlDocument, ConfigUpdate>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ControlFunction.class);

    /** The answers to published configurations: a side output of this operator. */
    public static final OutputTag<ControlAck> ACKS =
            new OutputTag<>("control-acks", TypeInformation.of(ControlAck.class));

    /** Errors or changes of a document not applied that its log line shows; the answer has all. */
    private static final int LOGGED = 5;

    private final String fileDocument;

    private transient ConfigGate gate;
    private transient ListState<String> inForce;
    private transient Map<ControlAck.Status, Counter> answers;

    /**
     * @param fileDocument the validated {@code patterns.yaml} the job was started with
     */
    public ControlFunction(String fileDocument) {
        this.fileDocument = fileDocument;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        inForce =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("live-patterns", Types.STRING));
        Iterator<String> restored = inForce.get().iterator();
        PatternsConfig file = PatternsConfigReader.read(fileDocument, "patterns");
        LiveConfiguration live =
                LiveConfiguration.choose(
                        file, fileDocument, restored.hasNext() ? restored.next() : null);
        LOG.info("Control: {}", live.explanation());
        gate = new ConfigGate(ConfigDiff.enabledPatterns(file), live);
    }

    @Override
    public void open(OpenContext context) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("nudge", "control");
        answers = new EnumMap<>(ControlAck.Status.class);
        for (ControlAck.Status status : ControlAck.Status.values()) {
            answers.put(status, metrics.counter(status.name().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        String applied = gate.appliedDocument();
        inForce.update(applied == null ? List.of() : List.of(applied));
    }

    @Override
    public void processElement(
            ControlDocument published, Context context, Collector<ConfigUpdate> updates) {
        ConfigGate.Verdict verdict =
                gate.consider(published, context.timerService().currentProcessingTime());
        ControlAck ack = verdict.ack();
        answers.get(ack.status()).inc();
        if (verdict.applied()) {
            LOG.info(
                    "Patterns version {} from {} ({}) applied: {}",
                    ack.version(),
                    ack.changedBy(),
                    published.origin(),
                    ack.changes());
            updates.collect(verdict.update());
        } else {
            List<String> detail = ack.errors().isEmpty() ? ack.changes() : ack.errors();
            LOG.warn(
                    "Patterns version {} from {} ({}) {}: {} {}{}",
                    ack.version(),
                    ack.changedBy(),
                    published.origin(),
                    ack.status(),
                    ack.message(),
                    detail.subList(0, Math.min(LOGGED, detail.size())),
                    detail.size() > LOGGED ? " (the answer lists more)" : "");
        }
        context.output(ACKS, ack);
    }
}
