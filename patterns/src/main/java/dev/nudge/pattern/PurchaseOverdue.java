package dev.nudge.pattern;

import dev.nudge.config.Durations;
import dev.nudge.config.OverdueParams;
import dev.nudge.config.PatternSpec;
import dev.nudge.event.Times;
import dev.nudge.profile.CycleMoment;
import dev.nudge.profile.PurchaseCycle;
import dev.nudge.profile.RepurchaseDue;
import java.time.Duration;

/**
 * {@code PURCHASE_OVERDUE}: a personal win-back. The user — overall, or in one of the categories
 * the profile keeps a cycle for — has gone {@code grace} past the {@code at} percentile (default
 * p90) of their own gaps between purchase occasions without buying, from at least {@code
 * minOccasions} occasions: a weekly shopper is overdue after about eight days, long before the
 * global 30 days make them SILENT.
 */
public final class PurchaseOverdue extends CycleMomentDetector {

    public PurchaseOverdue(PatternSpec spec) {
        this(spec, (OverdueParams) spec.params());
    }

    private PurchaseOverdue(PatternSpec spec, OverdueParams params) {
        super(
                spec,
                params.scope(),
                params.minOccasions(),
                new CycleMoment(params.at().value(), params.grace().toMillis()));
    }

    @Override
    String reason(RepurchaseDue due, PurchaseCycle cycle, DetectorContext context) {
        return rhythm(due, cycle)
                + "; none since "
                + Times.date(due.lastOccasionAt(), context.zone())
                + ", "
                + Durations.inWords(Duration.ofMillis(due.at() - due.lastOccasionAt()))
                + " ago, longer than "
                + due.moment().percentile()
                + " % of those gaps"
                + (due.moment().offset() == 0
                        ? ""
                        : " by " + Durations.inWords(Duration.ofMillis(due.moment().offset())));
    }
}
