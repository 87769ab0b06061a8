package io.quiver.core.impl.pr;

import io.quiver.core.impl.lu.LogicalUnitContext;
import io.quiver.core.impl.lu.Nexus;
import io.quiver.scsi.AdditionalSense;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a PERSISTENT RESERVE OUT owes others once its state change is done: unit attentions to the
 * nexuses of given registrations and, for PREEMPT AND ABORT, the registrations whose tasks to abort.
 * Collected under the state lock, delivered after it (delivery may block). Used by one thread.
 */
final class PrOutcome {

    private record Notice(Registration registration, AdditionalSense sense) {
    }

    private final List<Notice> notices = new ArrayList<>();
    private final List<Registration> preempted = new ArrayList<>();

    void notify(Collection<Registration> registrations, AdditionalSense sense) {
        for (Registration r : registrations) {
            notices.add(new Notice(r, sense));
        }
    }

    void preempted(Collection<Registration> registrations) {
        preempted.addAll(registrations);
        notify(registrations, AdditionalSense.REGISTRATIONS_PREEMPTED);
    }

    List<Registration> preempted() {
        return preempted;
    }

    /**
     * Raises the collected unit attentions on every current nexus of a registration, sparing the nexus
     * the command came on; each nexus gets a given condition once.
     */
    void raiseUnitAttentions(LogicalUnitContext context, Nexus spared) {
        if (notices.isEmpty()) {
            return;
        }
        for (Nexus nexus : context.nexuses()) {
            if (nexus.id() == spared.id()) {
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
        if (preempted.isEmpty()) {
            return;
        }
        List<Registration> gone = List.copyOf(preempted);
        context.abortTasks(n -> n.id() != spared.id() && gone.stream().anyMatch(r -> r.matches(n)));
    }
}
