package io.quiver.compat;

import java.security.AccessController;
import java.util.function.Supplier;
import javax.security.auth.Subject;

/** Asks for the current subject the way Karaf 4.4's ShellUtil and JaasHelper do. */
@SuppressWarnings("removal")
public class KarafStyleCaller implements Supplier<Subject> {
    @Override
    public Subject get() {
        Subject subject = Subject.getSubject(AccessController.getContext());
        return subject == null ? null : subject;
    }
}
