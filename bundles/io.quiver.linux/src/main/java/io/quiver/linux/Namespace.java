package io.quiver.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.quiver.linux.impl.Native;
import io.quiver.linux.impl.Native.Scratch;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

/**
 * {@code setns}: moves the calling thread (only that thread) into another namespace, such as a network
 * namespace made by {@code ip netns add} (/run/netns/NAME). Sockets keep the namespace they were opened
 * in, so a thread that enters a namespace, opens its sockets and ends gives the rest of the process
 * sockets there. Needs CAP_SYS_ADMIN. Stateless and thread-safe.
 */
public final class Namespace {

    public static final int CLONE_NEWNET = 0x40000000;

    private static final MethodHandle SETNS = Native.libc("setns",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    private Namespace() {
    }

    /** Moves the calling thread into the namespace of file {@code path} (a /run/netns entry, /proc/PID/ns/net). */
    public static void enter(String path, int nstype) throws LinuxException {
        int fd = FileIo.open(path, FileIo.O_RDONLY | FileIo.O_CLOEXEC, 0);
        try {
            Scratch s = Native.scratch();
            int rc;
            try {
                rc = (int) SETNS.invokeExact(s.state, fd, nstype);
            } catch (Throwable t) {
                throw Native.linkageFailure(t);
            }
            Native.check(rc, s, "setns(" + path + ")");
        } finally {
            FileIo.close(fd);
        }
    }
}
