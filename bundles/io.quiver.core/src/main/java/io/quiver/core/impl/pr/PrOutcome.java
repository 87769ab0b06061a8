package io.quiver.core.impl.pr;

import io.quiver.core.impl.lu.LogicalUnitContext;
import io.quiver.core.impl.lu.Nexus;
import io.quiver.scsi.AdditionalSense;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a PERSISTENT RESERVE OUT owes others once its state change is done: unit attentions to the
 * nexuses of given registrations and, for PREEMPT AND ABORT, the registrations whose tasks to abort.
 * Collected under the state lock, delivered after it (delivery may block); for {@code cluster_mode} devices
 * also written with the shared state, so other nodes deliver them to their own nexuses. Used by one thread.
 */
final class PrOutcome {

    private record Notice(Registration registration, AdditionalSense sense) {
    }

    private final List<Notice> notices = new ArrayList<>();
    private final List<Registration> preempted = new ArrayList<>();
    /** The unit attention of a logical unit reset every node owes its nexuses, or {@code null}. */
    private AdditionalSense reset;
    /** Whether the change is a CLEAR TASK SET every node applies to its own tasks of the unit. */
    private boolean taskSetCleared;

    void notify(Collection<Registration> registrations, AdditionalSense sense) {
        for (Registration r : registrations) {
            notices.add(new Notice(r, sense));
        }
    }

    void preempted(Collection<Registration> registrations) {
        preempted.addAll(registrations);
        notify(registrations, AdditionalSense.REGISTRATIONS_PREEMPTED);
    }

    /** The change is a logical unit reset owing {@code ua} to every nexus on every node. */
    void reset(AdditionalSense ua) {
        reset = ua;
    }

    /** The unit attention of a logical unit reset, or {@code null} if the change is none. */
    AdditionalSense reset() {
        return reset;
    }

    /** The change is a CLEAR TASK SET: every node aborts its tasks of the unit (the task set is shared). */
    void clearTaskSet() {
        taskSetCleared = true;
    }

    boolean taskSetCleared() {
        return taskSetCleared;
    }

    List<Registration> preempted() {
        return preempted;
    }

    /**
     * Raises the collected unit attentions on every current nexus of a registration, sparing the nexus
     * the command came on; each nexus gets a given condition once.
     */
    void raiseUnitAttentions(LogicalUnitContext context, Nexus spared) {
        raiseUnitAttentions(context, n -> n.id() == spared.id());
    }

    /** As above, sparing every nexus {@code spared} selects (the origin of a change made on another node). */
    void raiseUnitAttentions(LogicalUnitContext context, Predicate<Nexus> spared) {
        if (notices.isEmpty()) {
            return;
        }
        for (Nexus nexus : context.nexuses()) {
            if (spared.test(nexus)) {
                continue;
            }
            List<AdditionalSense> raised = new ArrayList<>(2);
            for (Notice n : notices) {
                if (!raised.contains(n.sense()) && n.registration().matches(nexus)) {
                    raised.add(n.sense());
                    context.raiseUnitAttention(nexus, n.sense());
                }
            }
        }
    }

    /** Aborts the tasks of the preempted nexuses (PREEMPT AND ABORT), sparing the command's own nexus. */
    void abortPreemptedTasks(LogicalUnitContext context, Nexus spared) {
        abortPreemptedTasks(context, n -> n.id() == spared.id());
    }

    /** As above, sparing every nexus {@code spared} selects. */
    void abortPreemptedTasks(LogicalUnitContext context, Predicate<Nexus> spared) {
        if (preempted.isEmpty()) {
            return;
        }
        List<Registration> gone = List.copyOf(preempted);
        context.abortTasks(n -> !spared.test(n) && gone.stream().anyMatch(r -> r.matches(n)));
    }

    /** Appends the notices and preempted registrations as {@code notice=} and {@code preempted=} lines. */
    void encode(StringBuilder text) {
        for (Notice n : notices) {
            text.append("notice=").append(PrStateCodec.registration(n.registration())).append(',')
                    .append(n.sense().asc()).append(',').append(n.sense().ascq()).append('\n');
        }
        for (Registration r : preempted) {
            text.append("preempted=").append(PrStateCodec.registration(r)).append('\n');
        }
        if (reset != null) {
            text.append("reset=").append(reset.asc()).append(',').append(reset.ascq()).append('\n');
        }
        if (taskSetCleared) {
            text.append("clear_task_set=1\n");
        }
    }

    /** Reads what {@link #encode} wrote (other lines are skipped). */
    static PrOutcome decode(List<String> lines) {
        PrOutcome out = new PrOutcome();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String[] f = line.substring(eq + 1).split(",");
            String key = line.substring(0, eq);
            if (key.equals("notice")) {
                AdditionalSense sense = AdditionalSense.of(Integer.parseInt(f[3]), Integer.parseInt(f[4]));
                out.notices.add(new Notice(PrStateCodec.registration(f, 0, 0), sense));
            } else if (key.equals("preempted")) {
                out.preempted.add(PrStateCodec.registration(f, 0, 0));
            } else if (key.equals("clear_task_set")) {
                out.taskSetCleared = true;
            } else if (key.equals("reset")) {
                out.reset = AdditionalSense.of(Integer.parseInt(f[0]), Integer.parseInt(f[1]));
            }
        }
        return out;
    }
}
