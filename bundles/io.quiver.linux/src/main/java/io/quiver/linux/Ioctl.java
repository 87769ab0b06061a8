package io.quiver.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.quiver.linux.impl.Native;
import io.quiver.linux.impl.Native.Scratch;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * {@code ioctl(fd, request, argp)} with a pointer argument, the form every ioctl of this layer uses
 * ({@link SgIo}, {@link NetDevice}). Stateless and thread-safe.
 */
public final class Ioctl {

    private static final MethodHandle IOCTL = Native.libc("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));

    private Ioctl() {
    }

    /**
     * {@code ioctl(fd, request, argp)}: the non-negative result.
     *
     * @throws LinuxException with the kernel's errno (ENOTTY where {@code fd} does not know {@code request})
     */
    public static int ioctl(int fd, long request, MemorySegment argp) throws LinuxException {
        Scratch s = Native.scratch();
        int rc;
        try {
            rc = (int) IOCTL.invokeExact(s.state, fd, request, argp);
        } catch (Throwable t) {
            throw Native.linkageFailure(t);
        }
        if (rc == -1) {
            throw new LinuxException("ioctl(0x" + Long.toHexString(request) + ")", Native.errno(s));
        }
        return rc;
    }
}
