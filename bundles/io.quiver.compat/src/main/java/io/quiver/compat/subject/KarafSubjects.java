package io.quiver.compat.subject;

import javax.security.auth.Subject;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Job;

/**
 * What Karaf 4.4's calls of {@code Subject.getSubject(AccessController.getContext())} become on Java 24 and
 * later (the weaving hook of this bundle rewrites them to {@link #current}): the logged-in user of the
 * code that asks.
 *
 * <p>Why two sources: Java's {@link Subject#current()} sees a subject bound by {@code Subject.doAs} or
 * {@code callAs} on this thread, but Karaf runs each shell command on a thread of Gogo's pipeline, which
 * Karaf used to reach through the inherited access-control context that Java 24 no longer has. Karaf's SSH
 * server also puts the user's subject into the shell session as the variable
 * {@code javax.security.auth.Subject}; the command's Gogo job leads to that session. So Karaf's command
 * ACLs and {@code jaas:whoami} see the same user as before.
 *
 * <p>Public only because woven Karaf classes call it (through a dynamic import); not an API for Quiver's
 * bundles. Thread-safe and stateless.
 */
public final class KarafSubjects {

    private static final String SESSION_SUBJECT = Subject.class.getName();

    private KarafSubjects() {
    }

    /**
     * The subject of the calling code, or {@code null} if none is known.
     *
     * @param ignored the access-control context of the original call, meaningless since Java 24
     */
    public static Subject current(Object ignored) {
        Subject bound = Subject.current();
        if (bound != null) {
            return bound;
        }
        try {
            Job job = Job.Utils.current();
            CommandSession session = job == null ? null : job.session();
            Object subject = session == null ? null : session.get(SESSION_SUBJECT);
            return subject instanceof Subject s ? s : null;
        } catch (LinkageError noShell) {
            // A container without Karaf's shell: there is no session to look in.
            return null;
        }
    }
}
