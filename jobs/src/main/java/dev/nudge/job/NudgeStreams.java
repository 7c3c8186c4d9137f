package dev.nudge.job;

import dev.nudge.control.ControlAck;
import dev.nudge.event.DeadLetter;
import dev.nudge.journey.OpenEpisode;
import dev.nudge.policy.Action;
import dev.nudge.policy.Conversion;
import dev.nudge.policy.Decision;
import dev.nudge.profile.ProfileUpdate;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * What the job produces, as streams for {@link JobOutputs} to deliver.
 *
 * @param profiles profile snapshots and erasure tombstones, for {@code user-profiles}
 * @param openEpisodes episodes still open, and moments still held for their send time, at the end
 *     of a bounded input (backtests only)
 * @param finalProfiles each user's profile at the end of a bounded input, in the JSON of {@code
 *     user-profiles} (backtests only)
 * @param controlAcks the answers to configurations published on {@code marketing-control} (none
 *     when the job reads no control input)
 */
public record NudgeStreams(
        DataStream<Action> actions,
        DataStream<Decision> decisions,
        DataStream<Conversion> conversions,
        DataStream<DeadLetter> deadLetters,
        DataStream<ProfileUpdate> profiles,
        DataStream<OpenEpisode> openEpisodes,
        DataStream<ProfileUpdate> finalProfiles,
        DataStream<ControlAck> controlAcks) {}
