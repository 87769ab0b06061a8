package io.quiver.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a {@link ScstConfigService#check check} or {@link ScstConfigService#apply apply}: a plain
 * public-field DTO, safe to serialise (REST returns it as JSON). Not thread-safe; owned by the caller.
 */
public class ConfigReport {
    /** True when no problem was found and, for apply, every step succeeded. */
    public boolean ok;
    /** What is wrong in the file or what failed while applying. */
    public List<ConfigProblem> problems = new ArrayList<>();
    /**
     * What the file says that SCST documents but has no effect in Quiver (each with the reason), or that was
     * accepted as it is (a read-only attribute equal to the running value). Notes never make a report not ok.
     * @since 0.2
     */
    public List<ConfigProblem> notes = new ArrayList<>();
    /** The steps apply would take (or took), one human-readable line each, in order. */
    public List<String> plan = new ArrayList<>();
    /** The steps actually applied and kept; empty after a dry run or a rollback. */
    public List<String> applied = new ArrayList<>();

    @Override
    public String toString() {
        return "ConfigReport[ok=" + ok + ", problems=" + problems + ", notes=" + notes + ", plan=" + plan + ", applied=" + applied + "]";
    }
}
