package io.quiver.config;

/**
 * Checks, applies and writes SCST {@code scst.conf} files against the running system.
 *
 * <p>Contract: {@link #check} changes nothing; {@link #apply} changes only the objects and attributes that
 * differ from the running system, deletes objects missing from the file only when {@code force} is set, and
 * is transactional: when a step fails, the steps already done are undone in reverse order. {@link #write}
 * returns the running system as a file such that {@code apply(write())} is a no-op. Secrets (CHAP
 * passwords) are write-only: {@link #write} emits a placeholder comment for them, and a file without a
 * secret line leaves the existing secret alone.
 *
 * <p>Threading: an OSGi service, safe for concurrent use; calls block while ConfigAdmin persists and the
 * runtime reconfigures. Concurrent {@link #apply} calls are serialised.
 */
public interface ScstConfigService {

    /**
     * Validates {@code text} against the live self-documentation of the management tree.
     *
     * @param fileName name used in problems (may be a path or {@code "-"})
     * @param text the file's content
     * @return the problems found and the plan apply would follow; nothing is changed
     */
    ConfigReport check(String fileName, String text);

    /**
     * Makes the running system match {@code text}.
     *
     * @param fileName name used in problems
     * @param text the file's content
     * @param dryRun compute and return the plan only
     * @param force also delete running objects the file does not mention
     * @return {@code ok} with the steps applied, or the problems and (after a rollback) no change
     */
    ConfigReport apply(String fileName, String text, boolean dryRun, boolean force);

    /** @return the running system as {@code scst.conf} text, in a stable order: non-default attributes only */
    String write();

    /**
     * scstadmin's {@code -write_config} with or without {@code -nonkey}.
     *
     * @param nonKey also write every other writable attribute, after a {@code # Non-key attributes} comment
     * @return the running system as {@code scst.conf} text; {@code write(false)} is {@link #write()}
     * @since 0.2
     */
    default String write(boolean nonKey) {
        return write();
    }
}
